import type { Task } from "graphile-worker";
import type { PrismaClient } from "../../prisma/client";
import type { KeyRing } from "../connections/crypto";
import { requestApproval } from "../approvals/request-approval";
import { gateReachedPayloadSchema } from "../queue/lifecycle-jobs";
import { lockRun } from "../runs/locked-run";

/**
 * R9: a gate that started waiting gets its approval request and emails. Enqueued by
 * the transaction that reached the gate; done once per gate and generation.
 */
export function makeApprovalGateReachedTask(prisma: PrismaClient, ring: KeyRing): Task {
  return async (rawPayload) => {
    const { runId, nodeId, generation } = gateReachedPayloadSchema.parse(rawPayload);
    await prisma.$transaction(async (tx) => {
      const run = await lockRun(tx, runId);
      const row = run?.rows.get(nodeId);
      if (!run || row?.state !== "waiting_approval" || row.generation !== generation) return;
      const existing = await tx.approvalRequest.findUnique({
        where: { runId_nodeId_generation: { runId, nodeId, generation } },
        select: { id: true },
      });
      if (existing) return;
      await requestApproval(tx, ring, run, nodeId, new Date());
    });
  };
}
