import { describe, expect, it } from "vitest";
import { connectionLimitsBody } from "../../../app/api/v1/_schemas/connections";
import {
  describeLimits,
  limitColumns,
  limitsOf,
  type ConnectionLimits,
} from "../../../worker/connections/limits";

const limits = (l: Partial<ConnectionLimits>): ConnectionLimits => ({
  maxConcurrent: null,
  rateLimit: null,
  ...l,
});

describe("connection limits in words", () => {
  it.each([
    [limits({}), "No limits"],
    [limits({ maxConcurrent: 2 }), "At most 2 calls at once"],
    [limits({ maxConcurrent: 1 }), "At most 1 call at once"],
    [limits({ rateLimit: { count: 5, per: "second" } }), "At most 5 calls a second"],
    [limits({ rateLimit: { count: 1, per: "minute" } }), "At most 1 call a minute"],
    [
      limits({ maxConcurrent: 3, rateLimit: { count: 1000, per: "minute" } }),
      "At most 1,000 calls a minute, 3 at once",
    ],
  ])("%j → %s", (given, words) => {
    expect(describeLimits(given)).toBe(words);
  });
});

describe("columns", () => {
  it("reads a row and writes only what a change names (null removes a limit)", () => {
    expect(limitsOf({ maxConcurrent: null, rateLimitCount: 5, rateLimitWindow: "second" })).toEqual(
      limits({ rateLimit: { count: 5, per: "second" } }),
    );
    expect(limitColumns({ maxConcurrent: 2 })).toEqual({ maxConcurrent: 2 });
    expect(limitColumns({ rateLimit: null })).toEqual({
      rateLimitCount: null,
      rateLimitWindow: null,
    });
    expect(limitColumns({ rateLimit: { count: 5, per: "minute" } })).toEqual({
      rateLimitCount: 5,
      rateLimitWindow: "minute",
    });
  });
});

describe("what the API and the form take", () => {
  it("accepts whole numbers from 1 to 1,000, per second or minute, and null", () => {
    for (const body of [
      {},
      { maxConcurrent: 1, rateLimit: { count: 1000, per: "minute" } },
      { maxConcurrent: null, rateLimit: null },
    ]) {
      expect(connectionLimitsBody.safeParse(body).success).toBe(true);
    }
  });

  it.each([
    [{ maxConcurrent: 0 }, "Calls at once: enter a whole number from 1 to 1,000"],
    [{ maxConcurrent: 2.5 }, "Calls at once: enter a whole number from 1 to 1,000"],
    [{ maxConcurrent: "2" }, "Calls at once: enter a whole number from 1 to 1,000"],
    [
      { rateLimit: { count: 1001, per: "second" } },
      "Calls per second or minute: enter a whole number from 1 to 1,000",
    ],
    [{ rateLimit: { count: 5, per: "hour" } }, 'Rate limit: per "second" or "minute"'],
  ])("refuses %j in words", (body, message) => {
    const parsed = connectionLimitsBody.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toEqual([message]);
  });

  it("refuses fields it does not know", () => {
    expect(connectionLimitsBody.safeParse({ maxConcurent: 2 }).success).toBe(false);
  });
});
