import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "../../../prisma/unavailable";

describe("isDatabaseUnavailable", () => {
  it.each([
    [
      "refused connection",
      Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
    ],
    ["admin shutdown", Object.assign(new Error("terminating connection"), { code: "57P01" })],
    ["Prisma wrapping a driver error", new Error("query failed", { cause: { code: "57P03" } })],
    ["pool closed mid-query", new Error("Connection terminated unexpectedly")],
    [
      "a pooled client broken by the restart",
      new Error("Client has encountered a connection error and is not queryable"),
    ],
    ["aggregate of refusals", new AggregateError([{ code: "ECONNREFUSED" }], "all failed")],
  ])("%s → unavailable", (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["unique violation", Object.assign(new Error("duplicate key"), { code: "23505" })],
    ["a plain bug", new TypeError("x is undefined")],
    ["not an error", "ECONNREFUSED"],
    ["nothing", null],
  ])("%s → not unavailable", (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
