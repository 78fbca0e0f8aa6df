// Storing an accepted webhook: one statement, so one round trip and its own transaction.
// It reads the automation's status (paused and refusing: nothing is stored), inserts the
// event unless its dedupe key is already there, and enqueues the job that starts its run;
// the event exists if and only if its job does.
import { START_WEBHOOK_RUN_TASK } from "../queue/webhook-jobs";
import { rows, type SqlClient } from "../runs/store/sql";

const STORE_EVENT = `
  WITH a AS (
    SELECT id, status, "queueWhilePaused" FROM "Automation" WHERE id = $1
  ), ev AS (
    INSERT INTO "WebhookEvent" (id, "workspaceId", "automationId", "dedupeKey", payload, "receivedAt")
    SELECT gen_random_uuid()::text, $2, a.id, $3, $4::jsonb, now() AT TIME ZONE 'UTC'
    FROM a WHERE a.status = 'active' OR a."queueWhilePaused"
    ON CONFLICT ("automationId", "dedupeKey") DO NOTHING
    RETURNING id
  ), job AS (
    SELECT graphile_worker.add_job('${START_WEBHOOK_RUN_TASK}', json_build_object('eventId', ev.id),
                                   max_attempts => 25)
    FROM ev
  )
  SELECT a.status, a."queueWhilePaused", ev.id AS "eventId", (SELECT count(*) FROM job)::int AS jobs
  FROM a LEFT JOIN ev ON true`;

const FIND_DUPLICATE = `
  SELECT id, "runId" FROM "WebhookEvent" WHERE "automationId" = $1 AND "dedupeKey" = $2`;

export interface EventToStore {
  automationId: string;
  workspaceId: string;
  dedupeKey: string | null;
  payload: unknown;
}

export type StoredEvent =
  /** Committed with its start job; `paused`: the run waits for resume. */
  | { status: "stored"; eventId: string; paused: boolean }
  /** The dedupe key was seen before: that event, and its run once started. */
  | { status: "duplicate"; eventId: string; runId: string | null }
  | { status: "refused_paused" }
  | { status: "gone" };

export async function storeEvent(client: SqlClient, event: EventToStore): Promise<StoredEvent> {
  const [row] = await rows<{
    status: string;
    queueWhilePaused: boolean;
    eventId: string | null;
  }>(client, "sy_store_webhook_event", STORE_EVENT, [
    event.automationId,
    event.workspaceId,
    event.dedupeKey,
    JSON.stringify(event.payload),
  ]);
  if (!row) return { status: "gone" };
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
