import type { Attempt, Prisma } from "../../prisma/client";
import { decideReady, decideRetry, resolveRetryPolicy } from "../engine/index";
import type { ErrorClass, GraphNode, NodeStatus } from "../engine/types";
import { enqueueNodeJobs } from "../queue/node-job";
import { commitDecisions } from "./commit-decisions";
import { lockRun, type LockedRun } from "./locked-run";

type Tx = Prisma.TransactionClient;

export interface AttemptError {
  errorClass: ErrorClass;
  message: string;
  retryable: boolean;
  /** The provider refused the credential (401): R8 applies when the node has a connection. */
  authBroken: boolean;
  httpStatus: number | null;
  retryAfterMs: number | null;
}

export type AttemptResult = { ok: true; output: unknown } | { ok: false; error: AttemptError };

export type RecordedOutcome = "succeeded" | "retrying" | "failed" | "discarded";

/**
 * Records one attempt's result and everything that follows from it — the
 * node's terminal state or its retry, its output, the children it makes ready
 * (enqueued) and the run's outcome — in the caller's single transaction (R10).
 */
export async function recordAttemptResult(
  tx: Tx,
  attempt: Attempt,
  node: GraphNode,
  result: AttemptResult,
  now: Date,
  random: number,
): Promise<RecordedOutcome> {
  const locked = await lockRun(tx, attempt.runId);
  const row = locked?.rows.get(attempt.nodeId);
  if (!locked || !row || row.state !== "running" || row.currentAttemptId !== attempt.id) {
    // Cancelled meanwhile (R13), or superseded by a re-run after this worker
    // was presumed dead: the result must not be applied twice.
    const cancelled = row?.state === "cancelled";
    await tx.attempt.updateMany({
      where: { id: attempt.id, endedAt: null },
      data: {
        endedAt: now,
        outcome: cancelled ? "cancelled" : "abandoned",
        errorClass: cancelled ? "cancelled" : "worker_lost",
        message: cancelled
          ? "The run was cancelled while this attempt was running."
          : "Another worker took over this step; this attempt's result was discarded.",
      },
    });
    return "discarded";
  }

  if (result.ok) {
    await tx.attempt.update({
      where: { id: attempt.id },
      data: { endedAt: now, outcome: "succeeded" },
    });
    await tx.nodeRun.update({
      where: { id: row.id },
      data: {
        state: "succeeded",
        output: (result.output ?? null) as Prisma.InputJsonValue,
        currentAttemptId: null,
        endedAt: now,
      },
    });
    await decideAfter(
      tx,
      locked,
      attempt.nodeId,
      { state: "succeeded", output: result.output },
      now,
    );
    return "succeeded";
  }

  const { error } = result;
  await tx.attempt.update({
    where: { id: attempt.id },
    data: {
      endedAt: now,
      outcome: "failed",
      errorClass: error.errorClass,
      message: error.message,
      httpStatus: error.httpStatus,
      retryable: error.retryable,
    },
  });
  const retry = decideRetry(resolveRetryPolicy(node.retry), attempt.number, error, random);
  if (retry.kind === "retry") {
    await tx.nodeRun.update({
      where: { id: row.id },
      data: { state: "retrying", currentAttemptId: null },
    });
    const runAt = new Date(now.getTime() + retry.delayMs);
    await enqueueNodeJobs(
      tx,
      [{ runId: row.runId, nodeId: row.nodeId, generation: row.generation }],
      runAt,
    );
    return "retrying";
  }
  await tx.nodeRun.update({
    where: { id: row.id },
    data: { state: "failed", currentAttemptId: null, endedAt: now },
  });
  await decideAfter(tx, locked, attempt.nodeId, { state: "failed" }, now);
  return "failed";
}

async function decideAfter(
  tx: Tx,
  locked: LockedRun,
  nodeId: string,
  status: NodeStatus,
  now: Date,
) {
  const state = { ...locked.state, [nodeId]: status };
  const decisions = decideReady(locked.topo, state, { trigger: locked.run.triggerPayload }, [
    nodeId,
  ]);
  await commitDecisions(tx, { ...locked, state }, decisions, now);
}
