import { isIPv6 } from "node:net";

// Sliding-window counting (pure): each key keeps the attempts of the current fixed window and
// of the one before; the attempts "in the last window length" are estimated as the current
// count plus the previous count weighted by how much of the previous window still overlaps.
// Unlike a fixed window, a burst at a window's boundary cannot double the limit.

export interface LimitRule {
  /** Part of the stored key: changing it starts the rule's counts afresh. */
  name: string;
  limit: number;
  windowMs: number;
}

export interface WindowCounts {
  /** ms since the epoch; a multiple of the rule's windowMs. */
  windowStart: number;
  count: number;
  previousCount: number;
}

export function windowStartOf(now: number, windowMs: number): number {
  return Math.floor(now / windowMs) * windowMs;
}

/** Attempts within the last windowMs at `now`, as the two counts estimate them. */
export function attemptsWithin(counts: WindowCounts, rule: LimitRule, now: number): number {
  const start = windowStartOf(now, rule.windowMs);
  if (start >= counts.windowStart + 2 * rule.windowMs) return 0;
  const [current, previous] =
    start === counts.windowStart ? [counts.count, counts.previousCount] : [0, counts.count];
  const overlap = 1 - (now - start) / rule.windowMs;
  return current + previous * overlap;
}

/**
 * The earliest time one more attempt fits the limit, given the counts without it (and no
 * attempts in between). `now` itself when it fits already.
 */
export function nextAllowedAt(counts: WindowCounts, rule: LimitRule, now: number): number {
  const room = rule.limit - 1;
  if (attemptsWithin(counts, rule, now) <= room) return now;
  const { windowStart: start, count, previousCount } = counts;
  const { windowMs } = rule;
  // Still in this window: wait until the previous window's weight has shrunk enough.
  if (count <= room && previousCount > 0) {
    return Math.max(now, start + windowMs * (1 - (room - count) / previousCount));
  }
  // In the next window this window's count is the one that fades (0 for a limit of 1).
  const fade = count > 0 ? Math.max(0, 1 - room / count) : 0;
  return Math.max(now, start + windowMs + windowMs * fade);
}

/** "1 minute", "15 minutes": what a person is told to wait (rounded up, at least 1). */
export function minutesWords(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

/**
 * What a client address is counted under: IPv4 addresses one by one, IPv6 by their /64 (one
 * subscriber's network; its holder can pick any address in it).
 */
export function addressSubject(address: string): string {
  if (!isIPv6(address)) return address;
  const groups = expandIPv6(address);
  return `${groups.slice(0, 4).join(":")}::/64`;
}

function expandIPv6(address: string): string[] {
  const [head = "", tail] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const zeros = tail === undefined ? [] : Array(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right].map((group) => group.replace(/^0+(?=.)/, ""));
}
