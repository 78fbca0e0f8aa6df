import type { ApprovalRequest, PrismaClient } from "../../prisma/client";
import { AppError } from "../errors";
import { lockRun } from "../runs/locked-run";
import { MAX_APPROVAL_COMMENT_LENGTH } from "./approval-limits";
import { hashApprovalToken } from "./approval-tokens";
import { normalizeEmail } from "./request-approval";
import { settleGate } from "./settle-gate";

export type DecideApprovalInput = {
  decision: "approve" | "reject";
  comment?: string | null;
  now: Date;
} & (
  | { token: string; channel?: "email" }
  | {
      requestId: string;
      /** A signed-in member deciding from the inbox or the API. */
      actor: { workspaceId: string; email: string };
      channel: "inbox" | "api";
    }
);

/**
 * R9: one decision per request, in one transaction with the run lock — who,
 * when, comment and channel are recorded, the gate ends and the run goes on.
 * A link decides as the approver it was sent to, once, before it expires; a
 * member decides only requests of their workspace that name them.
 */
export async function decideApproval(
  prisma: PrismaClient,
  input: DecideApprovalInput,
): Promise<ApprovalRequest> {
  if ((input.comment?.length ?? 0) > MAX_APPROVAL_COMMENT_LENGTH) {
    throw new AppError(
      "invalid_input",
      `The comment is longer than ${MAX_APPROVAL_COMMENT_LENGTH} characters; shorten it`,
    );
  }
  return prisma.$transaction(async (tx) => {
    let requestId: string;
    let approver: string;
    let tokenId: string | null = null;
    if ("token" in input) {
      const token = await tx.approvalToken.findUnique({
        where: { tokenHash: hashApprovalToken(input.token) },
      });
      if (!token) throw new AppError("not_found", "This approval link is not valid.");
      if (token.usedAt) {
        throw new AppError(
          "conflict",
          `This link was already used at ${token.usedAt.toISOString()}.`,
        );
      }
      if (token.expiresAt <= input.now) {
        throw new AppError("conflict", `This link expired at ${token.expiresAt.toISOString()}.`);
      }
      requestId = token.requestId;
      approver = token.approverEmail;
      tokenId = token.id;
    } else {
      const request = await tx.approvalRequest.findUnique({ where: { id: input.requestId } });
      if (!request || request.workspaceId !== input.actor.workspaceId) {
        throw new AppError("not_found", `Approval request ${input.requestId} not found`);
      }
      approver = normalizeEmail(input.actor.email);
      if (!request.approvers.includes(approver)) {
        throw new AppError("forbidden", `${approver} is not an approver of this request.`);
      }
      requestId = request.id;
    }
    const pre = await tx.approvalRequest.findUniqueOrThrow({ where: { id: requestId } });
    const locked = await lockRun(tx, pre.runId);
    if (!locked) throw new AppError("not_found", `Run ${pre.runId} not found`);
    // Re-read under the run lock: a concurrent decision has committed or waits for us.
    const request = await tx.approvalRequest.findUniqueOrThrow({ where: { id: requestId } });
    if (request.status === "pending" && request.expiresAt <= input.now) {
      throw new AppError("conflict", `This request expired at ${request.expiresAt.toISOString()}.`);
    }
    if (input.decision === "approve" && request.requesterMayNotApprove) {
      const owner = await tx.user.findUnique({ where: { id: locked.run.ownerId } });
      if (owner && normalizeEmail(owner.email) === approver) {
        throw new AppError("forbidden", "The person who started this run may not approve it.");
      }
    }
    const decided = await settleGate(
      tx,
      locked,
      request,
      {
        status: input.decision === "approve" ? "approved" : "rejected",
        gate: input.decision === "approve" ? "succeeded" : "rejected",
        decidedBy: approver,
        comment: input.comment?.trim() || null,
        channel: "token" in input ? "email" : input.channel,
      },
      input.now,
    );
    if (tokenId) {
      await tx.approvalToken.update({ where: { id: tokenId }, data: { usedAt: input.now } });
    }
    return decided;
  });
}
