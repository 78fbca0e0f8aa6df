import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  attemptsWithin,
  minutesWords,
  nextAllowedAt,
  windowStartOf,
  type LimitRule,
  type WindowCounts,
} from "../../../app/_server/auth/rate-limit-window";

// The sliding-window arithmetic behind the sign-in limits.

const MINUTE = 60_000;
const rule: LimitRule = { name: "test", limit: 10, windowMs: 15 * MINUTE };
const t0 = windowStartOf(Date.UTC(2026, 11, 4, 12, 7), rule.windowMs);

describe("attemptsWithin", () => {
  it("weighs the previous window by how much of it still overlaps", () => {
    const counts: WindowCounts = { windowStart: t0, count: 4, previousCount: 10 };
    expect(attemptsWithin(counts, rule, t0)).toBe(14);
    expect(attemptsWithin(counts, rule, t0 + 0.3 * rule.windowMs)).toBeCloseTo(11);
    // One window later, this window's count is the one that fades; two later, nothing is left.
    expect(attemptsWithin(counts, rule, t0 + 1.5 * rule.windowMs)).toBeCloseTo(2);
    expect(attemptsWithin(counts, rule, t0 + 2 * rule.windowMs)).toBe(0);
  });

  it("starts windows on multiples of their length", () => {
    expect(windowStartOf(t0 + 1, rule.windowMs)).toBe(t0);
    expect(windowStartOf(t0 + rule.windowMs, rule.windowMs)).toBe(t0 + rule.windowMs);
  });
});

describe("nextAllowedAt", () => {
  it("is now while there is room", () => {
    const counts = { windowStart: t0, count: 9, previousCount: 0 };
    expect(nextAllowedAt(counts, rule, t0 + MINUTE)).toBe(t0 + MINUTE);
  });

  it("waits for the next window's fading when this window is full", () => {
    const counts = { windowStart: t0, count: 10, previousCount: 0 };
    // Next window: 10 × (1 − f) ≤ 9 from f = 0.1 on, i.e. 1.5 minutes into it.
    expect(nextAllowedAt(counts, rule, t0 + MINUTE)).toBe(t0 + rule.windowMs + 1.5 * MINUTE);
  });

  it("waits within the window while the previous one weighs too much", () => {
    const counts = { windowStart: t0, count: 4, previousCount: 10 };
    // 4 + 10 × (1 − f) ≤ 9 from f = 0.5 on.
    expect(nextAllowedAt(counts, rule, t0)).toBe(t0 + 0.5 * rule.windowMs);
  });

  it("is exactly the first moment an attempt fits, for any counts", () => {
    const small: LimitRule = { name: "small", limit: 3, windowMs: 1000 };
    fc.assert(
      fc.property(
        fc.nat(6),
        fc.nat(6),
        fc.integer({ min: 0, max: 999 }),
        (count, previousCount, offset) => {
          const counts = { windowStart: 10_000, count, previousCount };
          const now = 10_000 + offset;
          const at = nextAllowedAt(counts, small, now);
          expect(at).toBeGreaterThanOrEqual(now);
          expect(attemptsWithin(counts, small, at)).toBeLessThanOrEqual(small.limit - 1 + 1e-9);
          if (at > now) {
            expect(attemptsWithin(counts, small, at - 1)).toBeGreaterThan(small.limit - 1);
          }
        },
      ),
    );
  });
});

describe("minutesWords", () => {
  it("rounds up to whole minutes, at least one", () => {
    expect(minutesWords(1)).toBe("1 minute");
    expect(minutesWords(60_000)).toBe("1 minute");
    expect(minutesWords(60_001)).toBe("2 minutes");
    expect(minutesWords(16.5 * MINUTE)).toBe("17 minutes");
  });
});
