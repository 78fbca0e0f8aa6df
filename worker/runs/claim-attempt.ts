import type { Attempt, Prisma } from "../../prisma/client";
import type { GraphNode } from "../engine/types";
import type { NodeJobPayload } from "../queue/node-job";
import { idempotencyKey } from "./idempotency-key";
import { topologyForVersion } from "./locked-run";

type Tx = Prisma.TransactionClient;

export interface ClaimedAttempt {
  attempt: Attempt;
  node: GraphNode;
  workspaceId: string;
  /** What templates in the node's input may read (R6). */
  data: { trigger: unknown; steps: Record<string, unknown> };
}

const CLAIMABLE = new Set(["queued", "retrying", "running"]);

/**
 * Marks the node running and opens an attempt row, in its own transaction, so
 * the attempt's start is visible while the action runs. Returns null for a
 * stale job (node already decided, cancelled, or from an older generation).
 *
 * A node found `running` means the previous attempt's worker died (or its
 * task crashed before recording a result): that attempt is closed as
 * abandoned and a new one starts with the same idempotency key (R10).
 *
 * Only the node's row is locked, not the run's: siblings of a fan-out claim
 * side by side. Nothing that holds the run lock moves a claimable node except
 * cancel, whose update waits for this row lock and then wins (the attempt's
 * late result is discarded). The outputs read here belong to ancestors, which
 * had succeeded before this node was queued.
 */
export async function claimAttempt(
  tx: Tx,
  job: NodeJobPayload,
  workerId: string,
  now: Date,
): Promise<ClaimedAttempt | null> {
  const lockedRow = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "NodeRun" WHERE "runId" = ${job.runId} AND "nodeId" = ${job.nodeId} FOR UPDATE`;
  if (lockedRow.length === 0) return null;
  const row = await tx.nodeRun.findUniqueOrThrow({ where: { id: lockedRow[0]!.id } });
  if (row.generation !== job.generation || !CLAIMABLE.has(row.state)) return null;
  const run = await tx.run.findUniqueOrThrow({
    where: { id: job.runId },
    select: { versionId: true, triggerPayload: true },
  });
  const topo = await topologyForVersion(tx, run.versionId);
  const node = topo.nodesById.get(job.nodeId);
  if (!node || node.type !== "action") return null;

  if (row.state === "running" && row.currentAttemptId) {
    await tx.attempt.updateMany({
      where: { id: row.currentAttemptId, endedAt: null },
      data: {
        endedAt: now,
        outcome: "abandoned",
        errorClass: "worker_lost",
        retryable: true,
        message:
          "The worker running this attempt stopped responding; the step was started again with the same idempotency key.",
      },
    });
  }
  const previous = await tx.attempt.count({
    where: { nodeRunId: row.id, generation: row.generation },
  });
  const attempt = await tx.attempt.create({
    data: {
      workspaceId: row.workspaceId,
      runId: row.runId,
      nodeRunId: row.id,
      nodeId: row.nodeId,
      generation: row.generation,
      number: previous + 1,
      startedAt: now,
      idempotencyKey: idempotencyKey(row.runId, row.nodeId, row.generation),
      workerId,
    },
  });
  await tx.nodeRun.update({
    where: { id: row.id },
    data: { state: "running", currentAttemptId: attempt.id, startedAt: row.startedAt ?? now },
  });
  return {
    attempt,
    node,
    workspaceId: row.workspaceId,
    data: { trigger: run.triggerPayload, steps: await succeededSteps(tx, job.runId) },
  };
}

/** Outputs of the run's succeeded nodes, keyed by node id: what templates may read (R6). */
async function succeededSteps(tx: Tx, runId: string): Promise<Record<string, unknown>> {
  const rows = await tx.nodeRun.findMany({
    where: { runId, state: "succeeded" },
    select: { nodeId: true, output: true },
  });
  return Object.fromEntries(rows.map((r) => [r.nodeId, r.output ?? null]));
}
