// A connection's limits (docs/connections.md, "Limits"): how many calls may go through the
// account at once, and how many in any second or minute. The claim statement enforces them
// (switchyard_take_connection_slot); this is their shape, their columns and their words.

export type RateWindow = "second" | "minute";

export interface ConnectionLimits {
  /** Calls through the account at once; null: no limit. */
  maxConcurrent: number | null;
  /** At most `count` calls in any `per`; null: no limit. */
  rateLimit: { count: number; per: RateWindow } | null;
}

/** The largest number either limit takes; above it, a limit would not hold anything back. */
export const LIMIT_MAX = 1000;

export interface LimitColumns {
  maxConcurrent: number | null;
  rateLimitCount: number | null;
  rateLimitWindow: RateWindow | null;
}

export function limitsOf(row: LimitColumns): ConnectionLimits {
  return {
    maxConcurrent: row.maxConcurrent,
    rateLimit:
      row.rateLimitCount !== null
        ? { count: row.rateLimitCount, per: row.rateLimitWindow ?? "second" }
        : null,
  };
}

/** The columns a change writes; an absent field keeps its value. */
export function limitColumns(change: Partial<ConnectionLimits>): Partial<LimitColumns> {
  return {
    ...(change.maxConcurrent !== undefined && { maxConcurrent: change.maxConcurrent }),
    ...(change.rateLimit !== undefined && {
      rateLimitCount: change.rateLimit?.count ?? null,
      rateLimitWindow: change.rateLimit?.per ?? null,
    }),
  };
}

const calls = (n: number) => `${n.toLocaleString("en-US")} ${n === 1 ? "call" : "calls"}`;

/** "At most 5 calls a second, 2 at once"; "No limits" when it has none. */
export function describeLimits(limits: ConnectionLimits): string {
  const { maxConcurrent, rateLimit } = limits;
  if (rateLimit && maxConcurrent !== null) {
    return `At most ${calls(rateLimit.count)} a ${rateLimit.per}, ${maxConcurrent.toLocaleString("en-US")} at once`;
  }
  if (rateLimit) return `At most ${calls(rateLimit.count)} a ${rateLimit.per}`;
  if (maxConcurrent !== null) return `At most ${calls(maxConcurrent)} at once`;
  return "No limits";
}
