import type { PrismaClient } from "../../../prisma/client";
import { countAttempt, deleteStaleCounts, limitKey, uncountAttempt } from "./rate-limit-store";
import { nextAllowedAt, type LimitRule } from "./rate-limit-window";

// The limits on account paths (docs/reliability.md, "Attacks and defences"). Sign-in rules
// count failed attempts only (each is counted before the password is checked, and taken back
// when it was right), so a burst of parallel guesses cannot slip past the count.

const MINUTE = 60_000;

/** Wrong passwords from one client address (an IPv6 /64), whatever emails they try. */
export const SIGN_IN_PER_ADDRESS: LimitRule = {
  name: "sign-in-address",
  limit: 20,
  windowMs: 15 * MINUTE,
};
/** Wrong passwords for one email, from any number of addresses. */
export const SIGN_IN_PER_EMAIL: LimitRule = {
  name: "sign-in-email",
  limit: 10,
  windowMs: 15 * MINUTE,
};
/** Sign-ups (successful or not) from one client address. */
export const SIGN_UP_PER_ADDRESS: LimitRule = {
  name: "sign-up-address",
  limit: 10,
  windowMs: 60 * MINUTE,
};
/** Account emails (address confirmations) asked for from one client address… */
export const ACCOUNT_EMAILS_PER_ADDRESS: LimitRule = {
  name: "account-email-address",
  limit: 10,
  windowMs: 60 * MINUTE,
};
/** …and sent to one recipient, so no one can flood a stranger's inbox. */
export const ACCOUNT_EMAILS_PER_RECIPIENT: LimitRule = {
  name: "account-email-recipient",
  limit: 5,
  windowMs: 60 * MINUTE,
};

const RULES = [
  SIGN_IN_PER_ADDRESS,
  SIGN_IN_PER_EMAIL,
  SIGN_UP_PER_ADDRESS,
  ACCOUNT_EMAILS_PER_ADDRESS,
  ACCOUNT_EMAILS_PER_RECIPIENT,
];

export interface LimitCheck {
  rule: LimitRule;
  /** The client address (addressSubject) or the email, lower-cased. */
  subject: string;
}

export type LimitOutcome = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Counts one attempt against every check. Over any limit, the attempt is taken back from all
 * of them (a refused attempt does not lengthen the wait) and the longest wait is returned.
 */
export async function countAttempts(
  sql: PrismaClient,
  checks: readonly LimitCheck[],
  now: number,
): Promise<LimitOutcome> {
  deleteStaleCountsNowAndThen(sql, now);
  const counted = await Promise.all(
    checks.map(async ({ rule, subject }) => {
      const key = limitKey(rule, subject);
      return { key, rule, counts: await countAttempt(sql, key, rule, now) };
    }),
  );
  const waits = counted.map(({ rule, counts }) => {
    const without = { ...counts, count: counts.count - 1 };
    return nextAllowedAt(without, rule, now) - now;
  });
  const retryAfterMs = Math.max(0, ...waits);
  if (retryAfterMs === 0) return { allowed: true };
  await Promise.all(counted.map(({ key }) => uncountAttempt(sql, key)));
  return { allowed: false, retryAfterMs };
}

/** Takes back an attempt counted by countAttempts (a sign-in whose password was right). */
export async function uncountAttempts(
  sql: PrismaClient,
  checks: readonly LimitCheck[],
): Promise<void> {
  await Promise.all(
    checks.map(({ rule, subject }) => uncountAttempt(sql, limitKey(rule, subject))),
  );
}

let lastCleanup = 0;
const longestWindow = Math.max(...RULES.map((rule) => rule.windowMs));

/** At most every ten minutes per process, rows that count nothing any more go. */
function deleteStaleCountsNowAndThen(sql: PrismaClient, now: number) {
  if (now - lastCleanup < 10 * MINUTE) return;
  lastCleanup = now;
  deleteStaleCounts(sql, new Date(now - 2 * longestWindow)).catch((err: unknown) =>
    console.error("deleting stale sign-in counts failed", err),
  );
}
