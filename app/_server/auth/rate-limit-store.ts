import { createHash } from "node:crypto";
import type { PrismaClient } from "../../../prisma/client";
import { windowStartOf, type LimitRule, type WindowCounts } from "./rate-limit-window";

// The counters in Postgres ("AuthRateLimit"), one row per rule and subject, so that every web
// process counts the same attempts. Each attempt is one upsert: no read-then-write race lets
// a burst of parallel guesses through.

/** The stored key: the subject (an address, an email) is hashed, so none is kept in clear. */
export function limitKey(rule: LimitRule, subject: string): string {
  return `${rule.name}:${createHash("sha256").update(subject).digest("base64url")}`;
}

interface CountsRow {
  windowStart: Date;
  count: number;
  previousCount: number;
}

/**
 * Counts one attempt and returns the counts with it. A row whose window is the one before
 * moves its count to previousCount; an older one starts afresh. A process whose clock is
 * behind counts into the newer window it finds rather than moving the row back.
 */
export async function countAttempt(
  sql: PrismaClient,
  key: string,
  rule: LimitRule,
  now: number,
): Promise<WindowCounts> {
  const start = new Date(windowStartOf(now, rule.windowMs));
  const before = new Date(start.getTime() - rule.windowMs);
  const rows = await sql.$queryRaw<CountsRow[]>`
    INSERT INTO "AuthRateLimit" AS r ("key", "windowStart", "count", "previousCount", "updatedAt")
    VALUES (${key}, ${start}, 1, 0, now())
    ON CONFLICT ("key") DO UPDATE SET
      "previousCount" = CASE
        WHEN r."windowStart" >= EXCLUDED."windowStart" THEN r."previousCount"
        WHEN r."windowStart" = ${before} THEN r."count"
        ELSE 0 END,
      "count" = CASE WHEN r."windowStart" >= EXCLUDED."windowStart" THEN r."count" + 1 ELSE 1 END,
      "windowStart" = GREATEST(r."windowStart", EXCLUDED."windowStart"),
      "updatedAt" = now()
    RETURNING "windowStart", "count", "previousCount"`;
  const row = rows[0];
  if (!row) throw new Error("the rate-limit upsert returned no row");
  return {
    windowStart: row.windowStart.getTime(),
    count: row.count,
    previousCount: row.previousCount,
  };
}

/**
 * Takes back one attempt just counted (a sign-in that succeeded, an attempt that was refused).
 * Should the window have turned in between, the one attempt is taken from the new window.
 */
export async function uncountAttempt(sql: PrismaClient, key: string): Promise<void> {
  await sql.$executeRaw`
    UPDATE "AuthRateLimit" SET "count" = GREATEST("count" - 1, 0) WHERE "key" = ${key}`;
}

/** Deletes rows untouched for longer than any rule's two windows (they count nothing). */
export async function deleteStaleCounts(sql: PrismaClient, olderThan: Date): Promise<void> {
  await sql.$executeRaw`DELETE FROM "AuthRateLimit" WHERE "updatedAt" < ${olderThan}`;
}
