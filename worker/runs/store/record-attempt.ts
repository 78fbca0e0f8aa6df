import { bodyTopology, decideRetry, resolveRetryPolicy, type Topology } from "../../engine/index";
import type { ErrorClass, NodeStatus, RunState } from "../../engine/types";
import { addJobs } from "../../queue/job-specs";
import { groupField, nodeJobSpecs, RUN_NODE_TASK } from "../../queue/node-job";
import type { ClaimedAttempt } from "./claim-attempt";
import { decideChildren, type LockedRunRow } from "./decide-children";
import { inTransaction, rows, ts, type SqlClient } from "./sql";
import { versionTopology } from "./version-topology";

export interface AttemptError {
  errorClass: ErrorClass;
  message: string;
  retryable: boolean;
  /** The provider refused the credential (401): R8 applies when the node has a connection. */
  authBroken: boolean;
  httpStatus: number | null;
  retryAfterMs: number | null;
}

export type AttemptResult =
  | {
      ok: true;
      output: unknown;
      /** A kept output (`keep: "group"`), sealed under its group's key; `output` is its summary. */
      groupOutput?: string;
    }
  | { ok: false; error: AttemptError };

export type RecordedOutcome = "succeeded" | "retrying" | "failed" | "discarded";

// Locks the run row for the transaction (short: it reads only the node's neighbourhood).
// Every change of a live run's node states holds this lock, so concurrent siblings decide
// a shared child exactly once (R1, R10).
// It also reads the run's counters (the locked row is its latest version).
const LOCK_RUN = `SELECT status, generation, "openNodes" FROM "Run" WHERE id = $1 FOR NO KEY UPDATE`;

// A step of a for-each item locks its item's row instead, and shares the run row's lock
// with the other items' steps: two steps of one item still decide their shared child
// once, and items end side by side. A change of the whole run (cancel, retry, the
// for-each's own end) takes the run lock above and waits for them, as they wait for it.
const LOCK_ITEM = `
SELECT r.status, r.generation, r."openNodes"
FROM "Run" AS r JOIN "ForEachItem" AS i ON i."runId" = r.id AND i."nodeId" = $2 AND i.index = $3
WHERE r.id = $1
FOR SHARE OF r FOR NO KEY UPDATE OF i`;

// Closing the node checks, on its latest row version, that it still runs this attempt;
// the attempt is closed only if the node was.
const CLOSE_SUCCEEDED = `
WITH node AS (
  UPDATE "NodeRun" SET state = 'succeeded', output = $4::jsonb, "groupOutput" = $5,
         "currentAttemptId" = NULL,
         "endedAt" = ${ts(3)}, "updatedAt" = ${ts(3)}
  WHERE id = $1 AND state = 'running' AND "currentAttemptId" = $2
  RETURNING id
), attempt AS (
  UPDATE "Attempt" SET "endedAt" = ${ts(3)}, outcome = 'succeeded'
  WHERE id = $2 AND EXISTS (SELECT 1 FROM node)
)
SELECT id FROM node`;

const CLOSE_FAILED = `
WITH node AS (
  UPDATE "NodeRun" SET state = $4::"NodeState", "currentAttemptId" = NULL,
         "endedAt" = CASE WHEN $4 = 'failed' THEN ${ts(3)} END, "updatedAt" = ${ts(3)}
  WHERE id = $1 AND state = 'running' AND "currentAttemptId" = $2
  RETURNING id
), attempt AS (
  UPDATE "Attempt" SET "endedAt" = ${ts(3)}, outcome = 'failed', "errorClass" = $5,
         message = $6, "httpStatus" = $7, retryable = $8
  WHERE id = $2 AND EXISTS (SELECT 1 FROM node)
)
SELECT id FROM node`;

// The node moved on without this attempt: cancelled (R13), or taken over by a re-run
// after this worker was presumed dead. The result must not be applied twice.
const DISCARD = `
UPDATE "Attempt" AS a
SET "endedAt" = ${ts(2)},
    outcome = CASE WHEN n.state = 'cancelled' THEN 'cancelled' ELSE 'abandoned' END,
    "errorClass" = CASE WHEN n.state = 'cancelled' THEN 'cancelled' ELSE 'worker_lost' END,
    message = CASE WHEN n.state = 'cancelled' THEN $3 ELSE $4 END
FROM "NodeRun" AS n
WHERE a.id = $1 AND a."endedAt" IS NULL AND n.id = a."nodeRunId"`;

/**
 * Records one attempt's result and everything that follows from it — the node's
 * terminal state or its retry, its output, the children it makes ready (enqueued) and
 * the run's outcome — in one transaction of a few statements whose number and size do
 * not grow with the run (R10).
 */
export function recordAttemptResult(
  client: SqlClient,
  claimed: Pick<
    ClaimedAttempt,
    "attempt" | "node" | "versionId" | "workspaceId" | "forEachId" | "data"
  >,
  result: AttemptResult,
  now: Date,
  random: number,
): Promise<RecordedOutcome> {
  const { attempt, node } = claimed;
  return inTransaction(client, async (tx) => {
    type Locked = { status: string; generation: number; openNodes: number };
    const [locked] =
      claimed.forEachId === null
        ? await rows<Locked>(tx, "sy_lock_run", LOCK_RUN, [attempt.runId])
        : await rows<Locked>(tx, "sy_lock_item", LOCK_ITEM, [
            attempt.runId,
            claimed.forEachId,
            attempt.item,
          ]);
    const discard = async () => {
      await rows(tx, "sy_discard_attempt", DISCARD, [
        attempt.id,
        now.toISOString(),
        "The run was cancelled while this attempt was running.",
        "Another worker took over this step; this attempt's result was discarded.",
      ]);
      return "discarded" as const;
    };
    const topo = await versionTopology(tx, claimed.versionId);
    // After this node is closed as terminal, one node fewer is open.
    const run = {
      id: attempt.runId,
      workspaceId: claimed.workspaceId,
      versionId: claimed.versionId,
      status: locked?.status ?? "cancelled",
      generation: locked?.generation ?? attempt.generation,
      openNodes: (locked?.openNodes ?? 0) - 1,
    };
    // A step of a for-each body decides within its item (for-each-items.ts).
    const decide = (tx: SqlClient, r: LockedRunRow, t: Topology, changed: RunState) =>
      claimed.forEachId === null
        ? decideChildren(tx, r, t, changed, now)
        : decideChildren(tx, r, bodyTopology(t, claimed.forEachId), changed, now, {
            topo: t,
            forEachId: claimed.forEachId,
            item: attempt.item,
            value: claimed.data.item,
          });

    if (result.ok) {
      const output = result.output ?? null;
      const closed = await rows(tx, "sy_close_succeeded", CLOSE_SUCCEEDED, [
        attempt.nodeRunId,
        attempt.id,
        now.toISOString(),
        JSON.stringify(output),
        result.groupOutput ?? null,
      ]);
      if (closed.length === 0) return discard();
      const status: NodeStatus = { state: "succeeded", output };
      await decide(tx, run, topo, { [attempt.nodeId]: status });
      return "succeeded";
    }

    const { error } = result;
    const retry = decideRetry(resolveRetryPolicy(node.retry), attempt.number, error, random);
    const state = retry.kind === "retry" ? "retrying" : "failed";
    const closed = await rows(tx, "sy_close_failed", CLOSE_FAILED, [
      attempt.nodeRunId,
      attempt.id,
      now.toISOString(),
      state,
      error.errorClass,
      error.message,
      error.httpStatus,
      error.retryable,
    ]);
    if (closed.length === 0) return discard();
    if (retry.kind === "retry") {
      const job = {
        runId: attempt.runId,
        nodeId: attempt.nodeId,
        generation: attempt.generation,
        ...(claimed.forEachId === null ? {} : { item: attempt.item }),
        ...groupField(node),
      };
      const runAt = new Date(now.getTime() + retry.delayMs);
      await addJobs(tx, nodeJobSpecs(RUN_NODE_TASK, [{ ...job, versionId: run.versionId }], runAt));
      return "retrying";
    }
    await decide(tx, run, topo, { [attempt.nodeId]: { state: "failed" } });
    return "failed";
  });
}
