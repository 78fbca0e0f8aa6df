import type { Attempt, Prisma } from "../../prisma/client";
import type { GraphNode } from "../engine/types";
import type { NodeJobPayload } from "../queue/node-job";
import { idempotencyKey } from "./idempotency-key";
import { lockRun, succeededOutputs } from "./locked-run";

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
 */
export async function claimAttempt(
  tx: Tx,
  job: NodeJobPayload,
  workerId: string,
  now: Date,
): Promise<ClaimedAttempt | null> {
  const locked = await lockRun(tx, job.runId);
  if (!locked) return null;
  const row = locked.rows.get(job.nodeId);
  if (!row || row.generation !== job.generation || !CLAIMABLE.has(row.state)) return null;
  const node = locked.topo.nodesById.get(job.nodeId);
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
    data: { trigger: locked.run.triggerPayload, steps: succeededOutputs(locked.state) },
  };
}
