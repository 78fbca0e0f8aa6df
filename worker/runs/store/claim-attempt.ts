import { findStep } from "../../engine/for-each";
import { findReferences } from "../../engine/templates";
import type { GraphNode } from "../../engine/types";
import type { NodeJobPayload } from "../../queue/node-job";
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
}

const ABANDONED_MESSAGE =
  "The worker running this attempt stopped responding; the step was started again with the same idempotency key.";

// One statement: lock the node row (only if it is claimable in this generation), close
// an attempt a dead worker left open, open the next attempt (its number from the row's
// counter), mark the node running, and return the outputs the input references (a body
// step's ids find its own item's rows: ids are unique across the graph). Only
// the node's row is locked, not the run's: siblings of a fan-out claim side by side.
// Cancel, which holds the run lock, waits for this row lock and then wins (the
// attempt's late result is discarded). Referenced outputs belong to ancestors, which
// had succeeded before this node was queued.
const CLAIM = `
WITH node AS (
  SELECT id, "workspaceId", state, "currentAttemptId", "attemptCount"
  FROM "NodeRun"
  WHERE "runId" = $1 AND "nodeId" = $2 AND item = $10 AND generation = $3
    AND state IN ('queued', 'retrying', 'running')
  FOR UPDATE
), abandoned AS (
  UPDATE "Attempt" AS a
  SET "endedAt" = ${ts(5)}, outcome = 'abandoned', "errorClass" = 'worker_lost',
      retryable = true, message = $8
  FROM node
  WHERE node.state = 'running' AND a.id = node."currentAttemptId" AND a."endedAt" IS NULL
), attempt AS (
  INSERT INTO "Attempt" (id, "workspaceId", "runId", "nodeRunId", "nodeId", generation,
                         number, "startedAt", "idempotencyKey", "workerId")
  SELECT gen_random_uuid()::text, node."workspaceId", $1, node.id, $2, $3,
         node."attemptCount" + 1, ${ts(5)}, $6, $4
  FROM node
  RETURNING id, "nodeRunId", number
), marked AS (
  UPDATE "NodeRun" AS n
  SET state = 'running', "currentAttemptId" = attempt.id, "attemptCount" = attempt.number,
      "startedAt" = COALESCE(n."startedAt", ${ts(5)}), "updatedAt" = ${ts(5)}
  FROM attempt
  WHERE n.id = attempt."nodeRunId"
)
SELECT attempt.id, attempt."nodeRunId", attempt.number, node."workspaceId",
  CASE WHEN $9 THEN (SELECT "triggerPayload" FROM "Run" WHERE id = $1) END AS trigger,
  (SELECT COALESCE(jsonb_object_agg(s."nodeId", s.output), '{}'::jsonb)
     FROM "NodeRun" AS s
     WHERE s."runId" = $1 AND s."nodeId" = ANY($7::text[]) AND s.item IN (-1, $10)
       AND s.state = 'succeeded') AS steps,
  CASE WHEN $11 THEN (SELECT value FROM "ForEachItem"
                      WHERE "runId" = $1 AND "nodeId" = $12 AND index = $10) END AS item_value
FROM attempt, node`;

/**
 * Marks the node running and opens an attempt row, committed on its own (one
 * statement), so the attempt's start is visible while the action runs. Returns
 * null for a stale job (node already decided, cancelled, or from an older
 * generation). A node found `running` means the previous attempt's worker died
 * (or its task crashed before recording a result): that attempt is closed as
 * abandoned and a new one starts with the same idempotency key (R10).
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
  const key = idempotencyKey(job.runId, job.nodeId, job.generation, item);
  const [row] = await rows<{
    id: string;
    nodeRunId: string;
    number: number;
    workspaceId: string;
    trigger: unknown;
    steps: Record<string, unknown> | null;
    item_value: unknown;
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
  };
}
