import type { Task } from "graphile-worker";
import type { PrismaClient } from "../../prisma/client";
import { approvalExpiryPayloadSchema } from "../approvals/approval-job";
import { expireApproval } from "../approvals/expire-approvals";

/** R9: at the deadline, an undecided request is decided by its expiry policy. */
export function makeApprovalExpiryTask(prisma: PrismaClient): Task {
  return async (rawPayload) => {
    const { requestId } = approvalExpiryPayloadSchema.parse(rawPayload);
    await expireApproval(prisma, requestId, new Date());
  };
}
