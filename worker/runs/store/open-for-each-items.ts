// The rows of a for-each's items when the for-each starts: one per item the first time;
// in a later generation, the items that run again. On the run's own version (R12) those
// are the items that did not succeed; after a retry on the latest version, what the
// generation's plan says (ForEachReplay, engine/version-replay.ts).
import type { ForEachReplay } from "../../engine/index";
import { rows, ts, type SqlClient } from "./sql";

/** What a step of an item that runs again starts from ($4: the generation, $5: now). */
export const RESET_STEP_COLUMNS = `
state = 'pending', generation = $4, reason = NULL, "blockedBy" = '{}', "rootCause" = '{}',
output = NULL, "currentAttemptId" = NULL, "attemptCount" = 0, "startedAt" = NULL,
"endedAt" = NULL, "waitingConnectionId" = NULL, "waitingSince" = NULL,
"waitDeadlineAt" = NULL, "updatedAt" = ${ts(5)}`;

const ITEMS_FROM_LIST = `
INSERT INTO "ForEachItem" (id, "workspaceId", "runId", "nodeId", index, value, generation)
SELECT gen_random_uuid()::text, $2, $1, $3, e.ordinality - 1, e.value, $5
FROM jsonb_array_elements($4::jsonb) WITH ORDINALITY AS e(value, ordinality)
ON CONFLICT ("runId", "nodeId", index)`;

const INSERT_ITEMS = `${ITEMS_FROM_LIST} DO NOTHING`;

// Every item starts over with the list's new value.
const RESTART_ITEMS = `${ITEMS_FROM_LIST} DO UPDATE
SET value = EXCLUDED.value, state = 'pending', output = NULL, "startedAt" = NULL, "endedAt" = NULL`;

// Items past the new list's end are no part of the run any more: dropped with their steps'
// rows (and so their attempts), which would otherwise count in the run's outcome.
const DROP_ITEMS_PAST = `
WITH dropped AS (
  DELETE FROM "ForEachItem" WHERE "runId" = $1 AND "nodeId" = $2 AND index >= $3 RETURNING index
)
DELETE FROM "NodeRun"
WHERE "runId" = $1 AND "nodeId" = ANY($4::text[]) AND item IN (SELECT index FROM dropped)`;

const HAS_ITEMS = `SELECT EXISTS (SELECT 1 FROM "ForEachItem" WHERE "runId" = $1 AND "nodeId" = $2) AS found`;

const REPLAY_OF = `
SELECT plan -> 'forEach' -> $3::text AS replay FROM "RunGeneration" WHERE "runId" = $1 AND generation = $2`;

const REOPEN_UNFINISHED = `
UPDATE "ForEachItem" SET state = 'pending'
WHERE "runId" = $1 AND "nodeId" = $2 AND state IN ('failed', 'cancelled')`;

const REOPEN_ALL = `UPDATE "ForEachItem" SET state = 'pending' WHERE "runId" = $1 AND "nodeId" = $2`;

// Body step ids are unique across the graph: these rows are this for-each's.
const RESET_STEPS_OF_ITEMS = `
UPDATE "NodeRun" SET ${RESET_STEP_COLUMNS}
WHERE "runId" = $1 AND "nodeId" = ANY($2::text[])
  AND item IN (SELECT index FROM "ForEachItem" WHERE "runId" = $1 AND "nodeId" = $3)`;

export interface ItemsToOpen {
  runId: string;
  workspaceId: string;
  forEachId: string;
  generation: number;
  /** The list the for-each's template resolved to. */
  list: unknown[];
  /** Every step of the body in the version the generation runs on. */
  bodySteps: string[];
  now: Date;
}

/**
 * Stores or reopens the items (state pending) that the for-each's items picker then
 * starts; the steps to run again in every item go back to pending here, an item's own
 * failed steps when it starts (for-each-items.ts).
 */
export async function openForEachItems(client: SqlClient, items: ItemsToOpen): Promise<void> {
  const { runId, forEachId } = items;
  const [existing] = await rows<{ found: boolean }>(client, "sy_has_items", HAS_ITEMS, [
    runId,
    forEachId,
  ]);
  const fromList = [
    runId,
    items.workspaceId,
    forEachId,
    JSON.stringify(items.list),
    items.generation,
  ];
  if (!existing?.found) {
    await rows(client, "sy_insert_items", INSERT_ITEMS, fromList);
    return;
  }
  const [planned] = await rows<{ replay: ForEachReplay | null }>(
    client,
    "sy_replay_of",
    REPLAY_OF,
    [runId, items.generation, forEachId],
  );
  const replay = planned?.replay ?? null;
  let stepsToReset: string[] = [];
  if (replay?.restart) {
    await rows(client, "sy_restart_items", RESTART_ITEMS, fromList);
    await rows(client, "sy_drop_items_past", DROP_ITEMS_PAST, [
      runId,
      forEachId,
      items.list.length,
      items.bodySteps,
    ]);
    stepsToReset = items.bodySteps;
  } else if (replay && replay.rerunSteps.length > 0) {
    await rows(client, "sy_reopen_all_items", REOPEN_ALL, [runId, forEachId]);
    stepsToReset = replay.rerunSteps.map((step) => step.stepId);
  } else {
    await rows(client, "sy_reopen_items", REOPEN_UNFINISHED, [runId, forEachId]);
  }
  if (stepsToReset.length > 0) {
    await rows(client, "sy_reset_steps_of_items", RESET_STEPS_OF_ITEMS, [
      runId,
      stepsToReset,
      forEachId,
      items.generation,
      items.now.toISOString(),
    ]);
  }
}
