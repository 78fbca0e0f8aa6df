import type { PrismaClient } from "../../prisma/client";
import { AppError } from "../errors";
import { lockRun } from "../runs/locked-run";
import { settleGate } from "./settle-gate";

/**
 * Decides one request nobody decided by its deadline, as its onExpiry policy
 * says (default: reject). `now` is injected: the approval_expiry job passes the
 * clock, tests pass a time after the deadline. Returns false when there was
 * nothing to do (decided meanwhile, not due yet, run gone).
 */
export async function expireApproval(
  prisma: PrismaClient,
  requestId: string,
  now: Date,
): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const pre = await tx.approvalRequest.findUnique({ where: { id: requestId } });
    if (!pre) return false;
    const locked = await lockRun(tx, pre.runId);
    const request = await tx.approvalRequest.findUniqueOrThrow({ where: { id: requestId } });
    if (!locked || request.status !== "pending" || request.expiresAt > now) return false;
    try {
      await settleGate(
        tx,
        locked,
        request,
        {
          status: "expired",
          gate: request.onExpiry === "approve" ? "succeeded" : "rejected",
          decidedBy: "expiry",
          comment: `Nobody decided before ${request.expiresAt.toISOString()}; policy: ${request.onExpiry}.`,
          channel: "expiry",
        },
        now,
      );
    } catch (err) {
      // The run moved on without the gate (cancelled, retried): nothing to expire.
      if (err instanceof AppError && err.code === "conflict") return false;
      throw err;
    }
    return true;
  });
}

/** Every pending request whose deadline is at or before `now`; for sweeps and tests. */
export async function expireDueApprovals(prisma: PrismaClient, now: Date): Promise<number> {
  const due = await prisma.approvalRequest.findMany({
    where: { status: "pending", expiresAt: { lte: now } },
    select: { id: true },
  });
  let expired = 0;
  for (const { id } of due) if (await expireApproval(prisma, id, now)) expired++;
  return expired;
}
