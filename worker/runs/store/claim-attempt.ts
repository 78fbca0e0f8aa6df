import { randomUUID } from "node:crypto";
import { findStep } from "../../engine/for-each";
import { keepsOutputInGroup, workerGroupOf } from "../../engine/worker-groups";
import { findReferences } from "../../engine/templates";
import type { GraphNode } from "../../engine/types";
import { nodeJobSpecs, RUN_NODE_TASK, type NodeJobPayload } from "../../queue/node-job";
import { idempotencyKey } from "../idempotency-key";
import { rows, ts, type SqlClient } from "./sql";
import { runVersionId, versionTopology } from "./version-topology";

/** The attempt row's identity: what recording its result needs. */
export interface AttemptRef {
  id: string;
  runId: string;
  nodeId: string;
  nodeRunId: string;
  generation: number;
  number: number;
  idempotencyKey: string;
  /** A step of a for-each body: its item's index; -1 for a node of the graph. */
  item: number;
}

export interface ClaimedAttempt {
  attempt: AttemptRef;
  node: GraphNode;
  versionId: string;
  workspaceId: string;
  /** The for-each whose body holds the step; null for a node of the graph. */
  forEachId: string | null;
  /** What templates in the node's input may read (R6): only what they reference. */
  data: { trigger: unknown; steps: Record<string, unknown>; item?: unknown };
  /**
   * Referenced outputs kept in this step's own worker group, sealed under its key, by
   * step id (worker/groups/kept-outputs.ts opens them); `data.steps` has their summaries.
   */
  keptOutputs: Record<string, string>;
}

const ABANDONED_MESSAGE =
  "The worker running this attempt stopped responding; the step was started again with the same idempotency key.";

// One statement: lock the node row (only if it is claimable in this generation), take a
// slot of its connection when that has limits (docs/connections.md, "Limits"), close an
// attempt a dead worker left open, open the next attempt (its number from the row's
// counter), mark the node running, and return the outputs the input references (a body
// step's ids find its own item's rows: ids are unique across the graph). Only
// the node's row is locked, not the run's: siblings of a fan-out claim side by side.
// Cancel, which holds the run lock, waits for this row lock and then wins (the
// attempt's late result is discarded). Referenced outputs belong to ancestors, which
// had succeeded before this node was queued. A connection at its limits opens no
// attempt: the node waits for rate limit and its job ($15) comes back when capacity is
// expected, so the worker's slot goes to other steps at once (R4).
const CLAIM = `
WITH node AS (
  SELECT id, "workspaceId", state, "currentAttemptId", "attemptCount"
  FROM "NodeRun"
  WHERE "runId" = $1 AND "nodeId" = $2 AND item = $10 AND generation = $3
    AND state IN ('queued', 'retrying', 'running', 'waiting_rate_limit')
  FOR NO KEY UPDATE
), slot AS (
  SELECT CASE WHEN $13 <> '' THEN switchyard_take_connection_slot(
           $13, node."workspaceId", $14, node."currentAttemptId") END AS wait_until
  FROM node
), abandoned AS (
  UPDATE "Attempt" AS a
  SET "endedAt" = ${ts(5)}, outcome = 'abandoned', "errorClass" = 'worker_lost',
      retryable = true, message = $8
  FROM node
  WHERE node.state = 'running' AND a.id = node."currentAttemptId" AND a."endedAt" IS NULL
), attempt AS (
  INSERT INTO "Attempt" (id, "workspaceId", "runId", "nodeRunId", "nodeId", generation,
                         number, "startedAt", "idempotencyKey", "workerId")
  SELECT $14, node."workspaceId", $1, node.id, $2, $3,
         node."attemptCount" + 1, ${ts(5)}, $6, $4
  FROM node, slot
  WHERE slot.wait_until IS NULL
  RETURNING id, "nodeRunId", number
), marked AS (
  UPDATE "NodeRun" AS n
  SET state = 'running', "currentAttemptId" = attempt.id, "attemptCount" = attempt.number,
      "startedAt" = COALESCE(n."startedAt", ${ts(5)}), "updatedAt" = ${ts(5)},
      "waitingConnectionId" = CASE WHEN n.state = 'waiting_rate_limit' THEN NULL
                                   ELSE n."waitingConnectionId" END,
      "waitingSince" = CASE WHEN n.state = 'waiting_rate_limit' THEN NULL ELSE n."waitingSince" END
  FROM attempt
  WHERE n.id = attempt."nodeRunId"
), waiting AS (
  -- RETURNING is evaluated for the updated row: the job is added exactly when the node waits.
  UPDATE "NodeRun" AS n
  SET state = 'waiting_rate_limit', "currentAttemptId" = NULL, "waitingConnectionId" = $13,
      "waitingSince" = CASE WHEN n.state = 'waiting_rate_limit' THEN n."waitingSince"
                            ELSE ${ts(5)} END,
      "updatedAt" = ${ts(5)}
  FROM node, slot
  WHERE n.id = node.id AND slot.wait_until IS NOT NULL
  RETURNING (SELECT count(*) FROM graphile_worker.add_jobs(ARRAY[
    json_populate_record(null::graphile_worker.job_spec,
      jsonb_set($15::jsonb, '{run_at}', to_jsonb(slot.wait_until AT TIME ZONE 'UTC'))::json)]))
)
SELECT attempt.id, attempt."nodeRunId", attempt.number, node."workspaceId",
  CASE WHEN $9 THEN (SELECT "triggerPayload" FROM "Run" WHERE id = $1) END AS trigger,
  (SELECT COALESCE(jsonb_object_agg(s."nodeId", s.output), '{}'::jsonb)
     FROM "NodeRun" AS s
     WHERE s."runId" = $1 AND s."nodeId" = ANY($7::text[]) AND s.item IN (-1, $10)
       AND s.state = 'succeeded') AS steps,
  CASE WHEN $11 THEN (SELECT value FROM "ForEachItem"
                      WHERE "runId" = $1 AND "nodeId" = $12 AND index = $10) END AS item_value,
  (SELECT COALESCE(jsonb_object_agg(s."nodeId", s."groupOutput"), '{}'::jsonb)
     FROM "NodeRun" AS s
     WHERE s."runId" = $1 AND s."nodeId" = ANY($16::text[]) AND s.item IN (-1, $10)
       AND s.state = 'succeeded' AND s."groupOutput" IS NOT NULL) AS kept
FROM attempt, node`;

/**
 * Marks the node running and opens an attempt row, committed on its own (one
 * statement), so the attempt's start is visible while the action runs. Returns
 * null for a stale job (node already decided, cancelled, or from an older
 * generation), and when the node's connection is at its limits: the node then
 * waits for rate limit and its job is queued again for when capacity is expected.
 * A node found `running` means the previous attempt's worker died (or its task
 * crashed before recording a result): that attempt is closed as abandoned and a
 * new one starts with the same idempotency key (R10).
 */
export async function claimAttempt(
  client: SqlClient,
  job: NodeJobPayload,
  workerId: string,
  now: Date,
): Promise<ClaimedAttempt | null> {
  const versionId = job.versionId ?? (await runVersionId(client, job.runId));
  if (!versionId) return null;
  const topo = await versionTopology(client, versionId);
  const found = findStep(topo, job.nodeId);
  const node = found?.node;
  if (!found || !node || node.type !== "action") return null;
  const item = found.forEachId === null ? -1 : (job.item ?? -1);
  if (found.forEachId !== null && item < 0) return null;
  const refs = findReferences(node.input ?? {});
  const stepIds = [...new Set(refs.flatMap((r) => (r.source === "step" ? [r.nodeId] : [])))];
  // Kept outputs travel only to steps of the same group (the validator allows no others).
  const keptIds = stepIds.filter((id) => {
    const source = findStep(topo, id)?.node;
    return source && keepsOutputInGroup(source) && workerGroupOf(source) === workerGroupOf(node);
  });
  const key = idempotencyKey(job.runId, job.nodeId, job.generation, item);
  const [row] = await rows<{
    id: string;
    nodeRunId: string;
    number: number;
    workspaceId: string;
    trigger: unknown;
    steps: Record<string, unknown> | null;
    item_value: unknown;
    kept: Record<string, string> | null;
  }>(client, "sy_claim_attempt", CLAIM, [
    job.runId,
    job.nodeId,
    job.generation,
    workerId,
    now.toISOString(),
    key,
    stepIds,
    ABANDONED_MESSAGE,
    refs.some((r) => r.source === "trigger"),
    item,
    refs.some((r) => r.source === "item"),
    found.forEachId ?? "",
    node.connection ?? "",
    randomUUID(),
    JSON.stringify(nodeJobSpecs(RUN_NODE_TASK, [{ ...job, versionId }])[0]),
    keptIds,
  ]);
  if (!row) return null;
  return {
    attempt: {
      id: row.id,
      runId: job.runId,
      nodeId: job.nodeId,
      nodeRunId: row.nodeRunId,
      generation: job.generation,
      number: row.number,
      idempotencyKey: key,
      item,
    },
    node,
    versionId,
    workspaceId: row.workspaceId,
    forEachId: found.forEachId,
    data: { trigger: row.trigger ?? null, steps: row.steps ?? {}, item: row.item_value ?? null },
    keptOutputs: row.kept ?? {},
  };
}
