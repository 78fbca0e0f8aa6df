// Storing an accepted webhook: one statement, so one round trip and its own transaction.
// It counts the request against the workspace's quota (over it: nothing is stored),
// reads the automation's status (paused and refusing: nothing is stored), inserts the
// event unless its dedupe key is already there, and enqueues the job that starts its run;
// the event exists if and only if its job does.
import { START_WEBHOOK_RUN_TASK } from "../queue/webhook-jobs";
import { rows, type SqlClient } from "../runs/store/sql";

/**
 * Counter rows per workspace and minute. A request adds to one at random, so requests
 * arriving together rarely wait on each other's row lock (held until commit); the
 * quota is checked against the sum of all of them as the statement's snapshot sees it,
 * so concurrent requests may overshoot it by at most their number.
 */
const QUOTA_SLOTS = 32;

// $5: the quota per minute, 0 for none (nothing is counted then).
const STORE_EVENT = `
  WITH a AS (
    SELECT id, status, "queueWhilePaused" FROM "Automation" WHERE id = $1
  ), win AS (
    SELECT date_trunc('minute', now() AT TIME ZONE 'UTC') AS start
  ), admitted AS (
    SELECT $5::int = 0 OR coalesce(sum(c.accepted), 0) < $5::int AS ok
    FROM win LEFT JOIN "WebhookQuotaCounter" c
      ON c."workspaceId" = $2 AND c."windowStart" = win.start
  ), counted AS (
    INSERT INTO "WebhookQuotaCounter" ("workspaceId", "windowStart", slot, accepted, refused)
    SELECT $2, win.start, floor(random() * ${QUOTA_SLOTS})::int, admitted.ok::int, (NOT admitted.ok)::int
    FROM a, win, admitted WHERE $5::int > 0
    ON CONFLICT ("workspaceId", "windowStart", slot) DO UPDATE
      SET accepted = "WebhookQuotaCounter".accepted + EXCLUDED.accepted,
          refused = "WebhookQuotaCounter".refused + EXCLUDED.refused
    RETURNING xmax = 0 AS opened
  ), pruned AS (
    -- Whoever opens a new counter row clears the workspace's windows older than an hour.
    DELETE FROM "WebhookQuotaCounter" c USING win
    WHERE c."workspaceId" = $2 AND c."windowStart" < win.start - interval '1 hour'
      AND EXISTS (SELECT 1 FROM counted WHERE opened)
  ), ev AS (
    INSERT INTO "WebhookEvent" (id, "workspaceId", "automationId", "dedupeKey", payload, "receivedAt")
    SELECT gen_random_uuid()::text, $2, a.id, $3, $4::jsonb, now() AT TIME ZONE 'UTC'
    FROM a, admitted WHERE admitted.ok AND (a.status = 'active' OR a."queueWhilePaused")
    ON CONFLICT ("automationId", "dedupeKey") DO NOTHING
    RETURNING id
  ), job AS (
    SELECT graphile_worker.add_job('${START_WEBHOOK_RUN_TASK}', json_build_object('eventId', ev.id),
                                   max_attempts => 25)
    FROM ev
  )
  SELECT a.status, a."queueWhilePaused", admitted.ok AS admitted, ev.id AS "eventId",
         -- Whole seconds until the next window opens.
         ceil(extract(epoch FROM win.start + interval '1 minute' - now() AT TIME ZONE 'UTC'))::int
           AS "retryAfter",
         (SELECT count(*) FROM job)::int AS jobs
  FROM a CROSS JOIN win CROSS JOIN admitted LEFT JOIN ev ON true`;

const FIND_DUPLICATE = `
  SELECT id, "runId" FROM "WebhookEvent" WHERE "automationId" = $1 AND "dedupeKey" = $2`;

export interface EventToStore {
  automationId: string;
  workspaceId: string;
  dedupeKey: string | null;
  payload: unknown;
  /** Webhooks the workspace may send per minute; 0: no quota. */
  quotaPerMinute: number;
}

export type StoredEvent =
  /** Committed with its start job; `paused`: the run waits for resume. */
  | { status: "stored"; eventId: string; paused: boolean }
  /** The dedupe key was seen before: that event, and its run once started. */
  | { status: "duplicate"; eventId: string; runId: string | null }
  | { status: "refused_paused" }
  /** The workspace sent its quota this minute; a new window opens in `retryAfter` seconds. */
  | { status: "over_quota"; retryAfter: number }
  | { status: "gone" };

export async function storeEvent(client: SqlClient, event: EventToStore): Promise<StoredEvent> {
  const [row] = await rows<{
    status: string;
    queueWhilePaused: boolean;
    admitted: boolean;
    eventId: string | null;
    retryAfter: number;
  }>(client, "sy_store_webhook_event", STORE_EVENT, [
    event.automationId,
    event.workspaceId,
    event.dedupeKey,
    JSON.stringify(event.payload),
    event.quotaPerMinute,
  ]);
  if (!row) return { status: "gone" };
  if (!row.admitted) return { status: "over_quota", retryAfter: Math.max(1, row.retryAfter) };
  const paused = row.status !== "active";
  if (paused && !row.queueWhilePaused) return { status: "refused_paused" };
  if (row.eventId) return { status: "stored", eventId: row.eventId, paused };
  const [first] = await rows<{ id: string; runId: string | null }>(
    client,
    "sy_find_webhook_duplicate",
    FIND_DUPLICATE,
    [event.automationId, event.dedupeKey],
  );
  // A conflict without a row: the automation was deleted between the two statements.
  return first
    ? { status: "duplicate", eventId: first.id, runId: first.runId }
    : { status: "gone" };
}
