import { describe, expect, it } from "vitest";
import {
  DEFAULT_RETRY_POLICY,
  decideRetry,
  resolveRetryPolicy,
  type AttemptError,
  type RetryDecision,
} from "../../../worker/engine/retry";

const retryable: AttemptError = { retryable: true };
const policy = DEFAULT_RETRY_POLICY;

describe("decideRetry", () => {
  it.each<[string, number, AttemptError, number, RetryDecision]>([
    [
      "R7: the first retry waits about 2 s (low jitter)",
      1,
      retryable,
      0,
      { kind: "retry", delayMs: 1500 },
    ],
    [
      "R7: the first retry waits about 2 s (middle jitter)",
      1,
      retryable,
      0.5,
      { kind: "retry", delayMs: 2000 },
    ],
    [
      "R7: the first retry waits about 2 s (high jitter)",
      1,
      retryable,
      0.999,
      { kind: "retry", delayMs: 2499 },
    ],
    [
      "R7: the delay doubles with each attempt",
      2,
      retryable,
      0.5,
      { kind: "retry", delayMs: 4000 },
    ],
    [
      "R7: default 3 attempts: after the third, the node fails",
      3,
      retryable,
      0.5,
      { kind: "fail" },
    ],
    ["R7: a permanent error fails at once", 1, { retryable: false }, 0.5, { kind: "fail" }],
    [
      "R7: a permanent error ignores Retry-After",
      1,
      { retryable: false, retryAfterMs: 10 },
      0.5,
      { kind: "fail" },
    ],
    [
      "R7: Retry-After longer than the backoff is honoured",
      1,
      { retryable: true, retryAfterMs: 30_000 },
      0.5,
      { kind: "retry", delayMs: 30_000 },
    ],
    [
      "R7: Retry-After shorter than the backoff keeps the backoff",
      1,
      { retryable: true, retryAfterMs: 100 },
      0.5,
      { kind: "retry", delayMs: 2000 },
    ],
    [
      "R7: Retry-After is capped at maxDelayMs",
      1,
      { retryable: true, retryAfterMs: 3_600_000 },
      0.5,
      { kind: "retry", delayMs: 60_000 },
    ],
    [
      "R7: a null Retry-After is ignored",
      2,
      { retryable: true, retryAfterMs: null },
      0,
      { kind: "retry", delayMs: 3000 },
    ],
  ])("%s", (_name, attempt, error, random, expected) => {
    expect(decideRetry(policy, attempt, error, random)).toEqual(expected);
  });

  it("R7: backoff is capped at maxDelayMs", () => {
    const many = resolveRetryPolicy({ maxAttempts: 20 });
    expect(decideRetry(many, 10, retryable, 0.99)).toEqual({ kind: "retry", delayMs: 60_000 });
  });

  it("R7: with maxAttempts 1 there is no retry", () => {
    expect(decideRetry(resolveRetryPolicy({ maxAttempts: 1 }), 1, retryable, 0.5)).toEqual({
      kind: "fail",
    });
  });
});

describe("resolveRetryPolicy", () => {
  it.each([
    { partial: undefined, expected: { maxAttempts: 3, initialDelayMs: 2000, maxDelayMs: 60_000 } },
    { partial: {}, expected: DEFAULT_RETRY_POLICY },
    { partial: { maxAttempts: 5 }, expected: { ...DEFAULT_RETRY_POLICY, maxAttempts: 5 } },
    {
      partial: { initialDelayMs: 500, maxDelayMs: undefined },
      expected: { ...DEFAULT_RETRY_POLICY, initialDelayMs: 500 },
    },
  ])("R7: fills $partial from the defaults", ({ partial, expected }) => {
    expect(resolveRetryPolicy(partial)).toEqual(expected);
  });
});
