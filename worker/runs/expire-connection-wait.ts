import type { Prisma } from "../../prisma/client";
import { decideReady } from "../engine";
import type { NodeJobPayload } from "../queue/node-job";
import { commitDecisions } from "./commit-decisions";
import { idempotencyKey } from "./idempotency-key";
import { lockRun } from "./locked-run";

type Tx = Prisma.TransactionClient;

/**
 * R8: a node still waiting for its connection at the deadline fails, with an
 * attempt row saying why (so reports show it like any failure), and its
 * consequences are decided in the same transaction.
 */
export async function expireConnectionWait(
  tx: Tx,
  job: NodeJobPayload,
  now: Date,
): Promise<boolean> {
  const locked = await lockRun(tx, job.runId);
  const row = locked?.rows.get(job.nodeId);
  if (!locked || !row || row.generation !== job.generation || row.state !== "waiting_connection")
    return false;
  if (row.waitDeadlineAt && row.waitDeadlineAt > now) return false;
  const attempts = await tx.attempt.count({
    where: { nodeRunId: row.id, generation: row.generation },
  });
  const since = row.waitingSince?.toISOString() ?? "?";
  await tx.attempt.create({
    data: {
      workspaceId: row.workspaceId,
      runId: row.runId,
      nodeRunId: row.id,
      nodeId: row.nodeId,
      generation: row.generation,
      number: attempts + 1,
      startedAt: now,
      endedAt: now,
      outcome: "failed",
      errorClass: "auth",
      retryable: false,
      message: `Its connection was broken since ${since} and was not repaired before the deadline. Reconnect it, then retry the failed part of this run.`,
      idempotencyKey: idempotencyKey(row.runId, row.nodeId, row.generation),
    },
  });
  await tx.nodeRun.update({
    where: { id: row.id },
    data: {
      state: "failed",
      endedAt: now,
      waitingConnectionId: null,
      waitingSince: null,
      waitDeadlineAt: null,
    },
  });
  const state = { ...locked.state, [row.nodeId]: { state: "failed" as const } };
  const decisions = decideReady(locked.topo, state, { trigger: locked.run.triggerPayload }, [
    row.nodeId,
  ]);
  await commitDecisions(tx, { ...locked, state }, decisions, now, { nodeFailed: true });
  return true;
}
