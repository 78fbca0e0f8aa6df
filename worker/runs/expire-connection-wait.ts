import type { Prisma } from "../../prisma/client";
import { bodyTopology, decideReady, findStep } from "../engine";
import type { NodeJobPayload } from "../queue/node-job";
import { commitDecisions } from "./commit-decisions";
import { idempotencyKey } from "./idempotency-key";
import { lockRun, type LockedRun } from "./locked-run";
import { decideChildren } from "./store/decide-children";
import { prismaSql } from "./store/sql";

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
  const item = job.item ?? -1;
  const row = locked
    ? await tx.nodeRun.findUnique({
        where: { runId_nodeId_item: { runId: job.runId, nodeId: job.nodeId, item } },
      })
    : null;
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
      idempotencyKey: idempotencyKey(row.runId, row.nodeId, row.generation, item),
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
  if (item >= 0) {
    await decideWithinItem(tx, locked, row.nodeId, item, now);
    return true;
  }
  const state = { ...locked.state, [row.nodeId]: { state: "failed" as const } };
  const decisions = decideReady(locked.topo, state, { trigger: locked.run.triggerPayload }, [
    row.nodeId,
  ]);
  await commitDecisions(tx, { ...locked, state }, decisions, now, { nodeFailed: true });
  return true;
}

/** A step of a for-each body failed: the rest of its item is decided by the run store. */
async function decideWithinItem(
  tx: Tx,
  locked: LockedRun,
  nodeId: string,
  item: number,
  now: Date,
): Promise<void> {
  const forEachId = findStep(locked.topo, nodeId)?.forEachId;
  if (!forEachId) return;
  const found = await tx.forEachItem.findUnique({
    where: { runId_nodeId_index: { runId: locked.run.id, nodeId: forEachId, index: item } },
    select: { value: true },
  });
  const { run } = locked;
  await decideChildren(
    prismaSql(tx),
    { ...run, status: run.status as string },
    bodyTopology(locked.topo, forEachId),
    { [nodeId]: { state: "failed" } },
    now,
    { topo: locked.topo, forEachId, item, value: found?.value ?? null },
  );
}
