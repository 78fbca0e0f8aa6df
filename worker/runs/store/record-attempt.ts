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

// The first statement of the transaction locks the run row (short: the transaction
// reads only the node's neighbourhood) and reads its counters from the locked, latest
// version. Every change of a live run's node states holds this lock, so concurrent
// siblings decide a shared child exactly once (R1, R10).
// A step of a for-each item locks its item's row instead, and shares the run row's lock
// with the other items' steps: two steps of one item still decide their shared child
// once, and items end side by side. A change of the whole run (cancel, retry, the
// for-each's own end) takes the run lock and waits for them, as they wait for it.
// `$n` is the run's id; `$n+1` and `$n+2` the for-each and the item.
function lockFirst(n: number, item: boolean): string {
  return item
    ? `SELECT r.status, r.generation, r."openNodes"
       FROM "Run" AS r
       JOIN "ForEachItem" AS i ON i."runId" = r.id AND i."nodeId" = $${n + 1} AND i.index = $${n + 2}
       WHERE r.id = $${n} FOR SHARE OF r FOR NO KEY UPDATE OF i`
    : `SELECT status, generation, "openNodes" FROM "Run" WHERE id = $${n} FOR NO KEY UPDATE`;
}

// Then, in the same statement, closing the node checks on its latest row version that it
// still runs this attempt; the attempt is closed only if the node was. The node's
// condition reads the lock first, so the run row is always locked before the node's
// (the order cancel takes them in).
function closeSucceeded(item: boolean): string {
  return `
WITH locked AS (${lockFirst(6, item)}),
node AS (
  UPDATE "NodeRun" SET state = 'succeeded', output = $4::jsonb, "groupOutput" = $5,
         "currentAttemptId" = NULL,
         "endedAt" = ${ts(3)}, "updatedAt" = ${ts(3)}
  WHERE id = $1 AND state = 'running' AND "currentAttemptId" = $2
    AND EXISTS (SELECT 1 FROM locked)
  RETURNING id
), attempt AS (
  UPDATE "Attempt" SET "endedAt" = ${ts(3)}, outcome = 'succeeded'
  WHERE id = $2 AND EXISTS (SELECT 1 FROM node)
)
SELECT locked.*, EXISTS (SELECT 1 FROM node) AS closed FROM locked`;
}

function closeFailed(item: boolean): string {
  return `
WITH locked AS (${lockFirst(9, item)}),
node AS (
  UPDATE "NodeRun" SET state = $4::"NodeState", "currentAttemptId" = NULL,
         "endedAt" = CASE WHEN $4 = 'failed' THEN ${ts(3)} END, "updatedAt" = ${ts(3)}
  WHERE id = $1 AND state = 'running' AND "currentAttemptId" = $2
    AND EXISTS (SELECT 1 FROM locked)
  RETURNING id
), attempt AS (
  UPDATE "Attempt" SET "endedAt" = ${ts(3)}, outcome = 'failed', "errorClass" = $5,
         message = $6, "httpStatus" = $7, retryable = $8
  WHERE id = $2 AND EXISTS (SELECT 1 FROM node)
)
SELECT locked.*, EXISTS (SELECT 1 FROM node) AS closed FROM locked`;
}

const CLOSE = {
  succeeded: { run: closeSucceeded(false), item: closeSucceeded(true) },
  failed: { run: closeFailed(false), item: closeFailed(true) },
};

interface Closed {
  status: string;
  generation: number;
  openNodes: number;
  closed: boolean;
}

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
  const kind = claimed.forEachId === null ? "run" : "item";
  const lockParams =
    claimed.forEachId === null ? [attempt.runId] : [attempt.runId, claimed.forEachId, attempt.item];
  return inTransaction(client, async (tx) => {
    const topo = await versionTopology(tx, claimed.versionId);
    const discard = async () => {
      await rows(tx, "sy_discard_attempt", DISCARD, [
        attempt.id,
        now.toISOString(),
        "The run was cancelled while this attempt was running.",
        "Another worker took over this step; this attempt's result was discarded.",
      ]);
      return "discarded" as const;
    };
    // After this node is closed as terminal, one node fewer is open.
    const runAfter = (locked: Closed) => ({
      id: attempt.runId,
      workspaceId: claimed.workspaceId,
      versionId: claimed.versionId,
      status: locked.status,
      generation: locked.generation,
      openNodes: locked.openNodes - 1,
    });
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
      const [closed] = await rows<Closed>(tx, `sy_close_succeeded_${kind}`, CLOSE.succeeded[kind], [
        attempt.nodeRunId,
        attempt.id,
        now.toISOString(),
        JSON.stringify(output),
        result.groupOutput ?? null,
        ...lockParams,
      ]);
      if (!closed?.closed) return discard();
      const status: NodeStatus = { state: "succeeded", output };
      await decide(tx, runAfter(closed), topo, { [attempt.nodeId]: status });
      return "succeeded";
    }

    const { error } = result;
    const retry = decideRetry(resolveRetryPolicy(node.retry), attempt.number, error, random);
    const state = retry.kind === "retry" ? "retrying" : "failed";
    const [closed] = await rows<Closed>(tx, `sy_close_failed_${kind}`, CLOSE.failed[kind], [
      attempt.nodeRunId,
      attempt.id,
      now.toISOString(),
      state,
      error.errorClass,
      error.message,
      error.httpStatus,
      error.retryable,
      ...lockParams,
    ]);
    if (!closed?.closed) return discard();
    if (retry.kind === "retry") {
      const job = {
        runId: attempt.runId,
        nodeId: attempt.nodeId,
        generation: attempt.generation,
        ...(claimed.forEachId === null ? {} : { item: attempt.item }),
        ...groupField(node),
      };
      const runAt = new Date(now.getTime() + retry.delayMs);
      await addJobs(
        tx,
        nodeJobSpecs(RUN_NODE_TASK, [{ ...job, versionId: claimed.versionId }], runAt),
      );
      return "retrying";
    }
    await decide(tx, runAfter(closed), topo, { [attempt.nodeId]: { state: "failed" } });
    return "failed";
  });
}
