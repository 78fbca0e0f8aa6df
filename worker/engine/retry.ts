// Retry decisions for one failed attempt (R7). The caller classifies the error and
// supplies the randomness, so the decision itself is deterministic.
import type { RetryPolicy } from "./types";

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  initialDelayMs: 2000,
  maxDelayMs: 60_000,
};

export function resolveRetryPolicy(partial?: Partial<RetryPolicy>): RetryPolicy {
  return {
    maxAttempts: partial?.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
    initialDelayMs: partial?.initialDelayMs ?? DEFAULT_RETRY_POLICY.initialDelayMs,
    maxDelayMs: partial?.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
  };
}

export interface AttemptError {
  retryable: boolean;
  /** Provider's Retry-After, already converted to milliseconds. */
  retryAfterMs?: number | null;
}

export type RetryDecision = { kind: "retry"; delayMs: number } | { kind: "fail" };

/**
 * `attemptNumber` is the 1-based attempt that just failed; `random` is in [0, 1).
 * Delay before the next attempt: initialDelayMs * 2^(attemptNumber-1), jittered to
 * 75%..125% of that so that runs failing together do not retry in lockstep, raised to a
 * Retry-After when the provider sent a longer one, and never more than maxDelayMs.
 */
export function decideRetry(
  policy: RetryPolicy,
  attemptNumber: number,
  error: AttemptError,
  random: number,
): RetryDecision {
  if (!error.retryable || attemptNumber >= policy.maxAttempts) return { kind: "fail" };
  const base = policy.initialDelayMs * 2 ** (attemptNumber - 1);
  const jittered = base * (0.75 + random / 2);
  const delay = Math.max(jittered, error.retryAfterMs ?? 0);
  return { kind: "retry", delayMs: Math.round(Math.min(delay, policy.maxDelayMs)) };
}
