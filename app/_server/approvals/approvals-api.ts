import type { PrismaClient } from "../../../prisma/client";
import { pendingApprovals } from "../../../worker/approvals/approval-view";
import { decideApproval } from "../../../worker/approvals/decide-approval";
import type { Actor } from "../../_lib/actor-type";

/** GET /api/v1/approvals: the actor's workspace only. */
export async function listApprovalsForActor(prisma: PrismaClient, actor: Actor) {
  const views = await pendingApprovals(prisma, actor.workspaceId);
  return {
    approvals: views.map((v) => ({ ...v.request, automationName: v.automationName, held: v.held })),
  };
}

/** POST /api/v1/approvals/{id}/decision: decides as the actor's email (it must be an approver). */
export async function decideApprovalForActor(
  prisma: PrismaClient,
  actor: Actor,
  requestId: string,
  body: { decision: "approve" | "reject"; comment?: string },
) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: actor.userId } });
  return decideApproval(prisma, {
    requestId,
    actor: { workspaceId: actor.workspaceId, email: user.email },
    channel: "api",
    decision: body.decision,
    comment: body.comment ?? null,
    now: new Date(),
  });
}
