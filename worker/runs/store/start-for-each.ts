import { bodyStepIds, bodyTopology, findReferences, resolveTemplates } from "../../engine/index";
import { MAX_FOR_EACH_ITEMS, type NodeStatus } from "../../engine/types";
import type { NodeJobPayload } from "../../queue/node-job";
import { idempotencyKey } from "../idempotency-key";
import { decideChildren, triggerPayload, type LockedRunRow } from "./decide-children";
import { continueForEach, forEachConcurrency } from "./for-each-items";
import { finishForEach, itemsOpen, LOCK_RUN } from "./finish-for-each";
import { openForEachItems } from "./open-for-each-items";
import { inTransaction, rows, ts, type SqlClient } from "./sql";
import { runVersionId, versionTopology } from "./version-topology";

const FOR_EACH_ROW = `
SELECT id, state, generation, "attemptCount" FROM "NodeRun"
WHERE "runId" = $1 AND "nodeId" = $2 AND item = -1`;

const MARK_RUNNING = `
UPDATE "NodeRun" SET state = 'running', "startedAt" = COALESCE("startedAt", ${ts(2)}), "updatedAt" = ${ts(2)}
WHERE id = $1`;

// The list did not resolve to one: the for-each fails like a step whose input is wrong,
// with an attempt row saying why (reports and pages show it like any failure).
const FAIL_FOR_EACH = `
WITH node AS (
  UPDATE "NodeRun" SET state = 'failed', "attemptCount" = "attemptCount" + 1,
         "startedAt" = COALESCE("startedAt", ${ts(2)}), "endedAt" = ${ts(2)}, "updatedAt" = ${ts(2)}
  WHERE id = $1
  RETURNING id, "workspaceId", "runId", "nodeId", generation, "attemptCount"
)
INSERT INTO "Attempt" (id, "workspaceId", "runId", "nodeRunId", "nodeId", generation, number,
                       "startedAt", "endedAt", outcome, "errorClass", message, retryable,
                       "idempotencyKey")
SELECT gen_random_uuid()::text, node."workspaceId", node."runId", node.id, node."nodeId",
       node.generation, node."attemptCount", ${ts(2)}, ${ts(2)}, 'failed', 'input_validation',
       $3, false, $4
FROM node`;

/**
 * A for-each node became ready: resolves its list (a template over the trigger and the
 * node's ancestors), stores one row per item — or, in a later generation, reopens the
 * items that run again (open-for-each-items.ts) — and starts the first items up to its
 * concurrency. One transaction under the run lock; a stale job (node decided, run
 * cancelled, a newer generation) changes nothing.
 */
export async function startForEach(
  client: SqlClient,
  job: NodeJobPayload,
  now: Date,
): Promise<"started" | "failed" | "stale"> {
  return inTransaction(client, async (tx) => {
    const [locked] = await rows<{
      status: string;
      generation: number;
      openNodes: number;
      workspaceId: string;
      versionId: string;
    }>(tx, "sy_lock_run_for_each", LOCK_RUN, [job.runId]);
    if (!locked || locked.status !== "running") return "stale";
    const versionId = job.versionId ?? (await runVersionId(tx, job.runId)) ?? locked.versionId;
    const topo = await versionTopology(tx, versionId);
    const spec = topo.nodesById.get(job.nodeId)?.forEach;
    const [row] = await rows<{ id: string; state: string; generation: number }>(
      tx,
      "sy_for_each_row",
      FOR_EACH_ROW,
      [job.runId, job.nodeId],
    );
    if (!spec || !row || row.state !== "queued" || row.generation !== job.generation)
      return "stale";
    const run: LockedRunRow = { id: job.runId, ...locked, versionId };

    const list = await resolveList(tx, job.runId, spec.items);
    const refused = listProblem(spec.items, list);
    if (refused !== null) {
      const key = idempotencyKey(job.runId, job.nodeId, job.generation);
      await rows(tx, "sy_fail_for_each", FAIL_FOR_EACH, [row.id, now.toISOString(), refused, key]);
      const status: NodeStatus = { state: "failed" };
      await decideChildren(
        tx,
        { ...run, openNodes: locked.openNodes - 1 },
        topo,
        { [job.nodeId]: status },
        now,
      );
      return "failed";
    }
    await openForEachItems(tx, {
      runId: job.runId,
      workspaceId: locked.workspaceId,
      forEachId: job.nodeId,
      generation: job.generation,
      list: list as unknown[],
      bodySteps: bodyStepIds(bodyTopology(topo, job.nodeId)),
      now,
    });
    await rows(tx, "sy_mark_for_each_running", MARK_RUNNING, [row.id, now.toISOString()]);
    const ref = { topo, forEachId: job.nodeId };
    const slots = forEachConcurrency(topo, job.nodeId);
    // Every item just opened ended at once (an empty list, conditions that skip the body).
    if ((await continueForEach(tx, run, ref, slots, now)) === "idle") {
      if (!(await itemsOpen(tx, run.id, job.nodeId)))
        await finishForEach(tx, run, topo, job.nodeId, now);
    }
    return "started";
  });
}

/** The list's value: the trigger payload and the ancestors' outputs it references. */
async function resolveList(client: SqlClient, runId: string, template: string): Promise<unknown> {
  const refs = findReferences(template);
  const stepIds = [...new Set(refs.flatMap((r) => (r.source === "step" ? [r.nodeId] : [])))];
  const steps: Record<string, unknown> = {};
  if (stepIds.length > 0) {
    const found = await rows<{ nodeId: string; output: unknown }>(
      client,
      "sy_list_sources",
      `SELECT "nodeId", output FROM "NodeRun"
       WHERE "runId" = $1 AND "nodeId" = ANY($2::text[]) AND item = -1 AND state = 'succeeded'`,
      [runId, stepIds],
    );
    for (const r of found) steps[r.nodeId] = r.output;
  }
  const trigger = refs.some((r) => r.source === "trigger")
    ? await triggerPayload(client, runId)
    : null;
  return resolveTemplates(template, { trigger, steps });
}

/** Why the value cannot be gone through, in words; null when it is a list within limits. */
export function listProblem(template: string, list: unknown): string | null {
  if (Array.isArray(list)) {
    if (list.length <= MAX_FOR_EACH_ITEMS) return null;
    return `The list ${template} has ${list.length.toLocaleString("en")} items; a for-each goes through at most ${MAX_FOR_EACH_ITEMS.toLocaleString("en")}. Split the list, or filter it first.`;
  }
  const what =
    list === null || list === undefined
      ? "nothing (the data it names is missing)"
      : typeof list === "object"
        ? "an object"
        : `${typeof list === "string" ? "the text" : "the value"} ${JSON.stringify(list).slice(0, 80)}`;
  return `The list ${template} is not a list: it resolved to ${what}. Point it at an array in the trigger or in an earlier step's output.`;
}
