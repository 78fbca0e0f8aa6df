// Ending a for-each once every item has: its outcome and output from the item rows, then
// its children decided like any node's. Under the run lock, which no item's step holds
// while this runs, so "no item is open" is read with every item's end committed.
import { forEachOutcome, type Topology } from "../../engine/index";
import type { NodeStatus } from "../../engine/types";
import type { NodeJobPayload } from "../../queue/node-job";
import { decideChildren, type LockedRunRow } from "./decide-children";
import { inTransaction, rows, ts, type SqlClient } from "./sql";
import { versionTopology } from "./version-topology";

/** Locks the run row against every change of the run, item steps' recording included. */
export const LOCK_RUN = `
SELECT status, generation, "openNodes", "workspaceId", "versionId" FROM "Run" WHERE id = $1 FOR NO KEY UPDATE`;

const ITEMS_OPEN = `
SELECT EXISTS (
  SELECT 1 FROM "ForEachItem"
  WHERE "runId" = $1 AND "nodeId" = $2 AND state IN ('pending', 'running')
) AS open`;

const COUNT_ITEMS = `
SELECT count(*)::int AS total, count(*) FILTER (WHERE state = 'succeeded')::int AS succeeded
FROM "ForEachItem" WHERE "runId" = $1 AND "nodeId" = $2`;

// The for-each's output: per item its outcome and the body's outputs, and the outputs of
// the items that succeeded (what "continue with the items that succeeded" hands on).
const FINISH_FOR_EACH = `
WITH items AS (
  SELECT count(*)::int AS total,
         count(*) FILTER (WHERE state = 'succeeded')::int AS succeeded,
         COALESCE(jsonb_agg(jsonb_build_object('index', index, 'outcome', state, 'output', output)
                            ORDER BY index), '[]'::jsonb) AS items,
         COALESCE(jsonb_agg(output ORDER BY index) FILTER (WHERE state = 'succeeded'),
                  '[]'::jsonb) AS succeeded_items
  FROM "ForEachItem" WHERE "runId" = $1 AND "nodeId" = $2
)
UPDATE "NodeRun" AS n
SET state = $3::"NodeState", "endedAt" = ${ts(4)}, "updatedAt" = ${ts(4)},
    output = jsonb_build_object('total', items.total, 'succeededCount', items.succeeded,
                                'failedCount', items.total - items.succeeded,
                                'items', items.items, 'succeededItems', items.succeeded_items)
FROM items
WHERE n."runId" = $1 AND n."nodeId" = $2 AND n.item = -1 AND n.state = 'running'
RETURNING n.output`;

/**
 * The job of finish_for_each: when the run still runs and no item of the for-each is
 * open, ends the for-each. A job whose for-each has ended, or still has an open item
 * (whose end enqueues another), changes nothing.
 */
export function finishForEachWhenDone(
  client: SqlClient,
  job: NodeJobPayload,
  now: Date,
): Promise<"finished" | "open" | "stale"> {
  return inTransaction(client, async (tx) => {
    const [locked] = await rows<Omit<LockedRunRow, "id">>(tx, "sy_lock_run_for_each", LOCK_RUN, [
      job.runId,
    ]);
    if (!locked || locked.status !== "running") return "stale";
    const topo = await versionTopology(tx, locked.versionId);
    const run: LockedRunRow = { id: job.runId, ...locked };
    if (await itemsOpen(tx, run.id, job.nodeId)) return "open";
    return (await finishForEach(tx, run, topo, job.nodeId, now)) ? "finished" : "stale";
  });
}

/** Whether an item of the for-each is pending or running (as far as this transaction sees). */
export async function itemsOpen(client: SqlClient, runId: string, forEachId: string) {
  const [found] = await rows<{ open: boolean }>(client, "sy_items_open", ITEMS_OPEN, [
    runId,
    forEachId,
  ]);
  return found?.open ?? false;
}

/** Ends the running for-each from its items (the caller holds the run lock); false if it was not running. */
export async function finishForEach(
  client: SqlClient,
  run: LockedRunRow,
  topo: Topology,
  forEachId: string,
  now: Date,
): Promise<boolean> {
  const [counts] = await rows<{ total: number; succeeded: number }>(
    client,
    "sy_count_items",
    COUNT_ITEMS,
    [run.id, forEachId],
  );
  const state = forEachOutcome({
    succeeded: counts?.succeeded ?? 0,
    notSucceeded: (counts?.total ?? 0) - (counts?.succeeded ?? 0),
  });
  const [finished] = await rows<{ output: unknown }>(
    client,
    "sy_finish_for_each",
    FINISH_FOR_EACH,
    [run.id, forEachId, state, now.toISOString()],
  );
  if (!finished) return false;
  const [latest] = await rows<{ openNodes: number }>(
    client,
    "sy_open_nodes",
    `SELECT "openNodes" FROM "Run" WHERE id = $1`,
    [run.id],
  );
  const status: NodeStatus = { state, output: finished.output };
  await decideChildren(
    client,
    { ...run, openNodes: latest?.openNodes ?? 0 },
    topo,
    { [forEachId]: status },
    now,
  );
  return true;
}
