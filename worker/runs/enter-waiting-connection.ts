import type { Prisma } from "../../prisma/client";
import type { AttemptRef } from "./store/claim-attempt";
import { CONNECTION_WAIT_DEADLINE_TASK, enqueueJobs } from "../queue/node-job";
import { lockRun } from "./locked-run";

type Tx = Prisma.TransactionClient;

/**
 * R8: the node's connection is broken, so instead of burning its attempts the
 * node waits — until the connection is repaired (resume-waiting-nodes.ts) or
 * the deadline passes (expire-connection-wait.ts, scheduled here).
 *
 * `failedAttempt` is the attempt that met a 401 (kept, as history); when the
 * credentials were known broken before any call, the just-opened attempt is
 * removed instead: nothing was attempted.
 */
export async function enterWaitingConnection(
  tx: Tx,
  input: {
    attempt: AttemptRef;
    connectionId: string;
    message: string;
    attempted: boolean;
    httpStatus: number | null;
    now: Date;
    waitMs: number;
  },
): Promise<boolean> {
  const { attempt, now } = input;
  const locked = await lockRun(tx, attempt.runId);
  // By the row's id: a step of a for-each body is not among the run's graph nodes.
  const row = locked ? await tx.nodeRun.findUnique({ where: { id: attempt.nodeRunId } }) : null;
  if (!row || row.state !== "running" || row.currentAttemptId !== attempt.id) return false;
  if (input.attempted) {
    await tx.attempt.update({
      where: { id: attempt.id },
      data: {
        endedAt: now,
        outcome: "failed",
        errorClass: "auth",
        retryable: false,
        message: input.message,
      },
    });
  } else {
    await tx.attempt.delete({ where: { id: attempt.id } });
  }
  const deadline = new Date(now.getTime() + input.waitMs);
  await tx.nodeRun.update({
    where: { id: row.id },
    data: {
      state: "waiting_connection",
      currentAttemptId: null,
      waitingConnectionId: input.connectionId,
      waitingSince: now,
      waitDeadlineAt: deadline,
      // A removed attempt does not count: the next one takes its number.
      ...(input.attempted ? {} : { attemptCount: { decrement: 1 } }),
    },
  });
  await enqueueJobs(
    tx,
    CONNECTION_WAIT_DEADLINE_TASK,
    [{ runId: row.runId, nodeId: row.nodeId, generation: row.generation, ...itemOf(row) }],
    deadline,
  );
  return true;
}

/** The job payload's item for a step of a for-each body; nothing for a node of the graph. */
export function itemOf(row: { item: number }): { item?: number } {
  return row.item >= 0 ? { item: row.item } : {};
}
