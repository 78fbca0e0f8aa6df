import { z } from "zod";
import { MAX_APPROVAL_COMMENT_LENGTH } from "../../../../worker/approvals/approval-limits";
import { isoDate } from "./common";

export const approvalParams = z.object({ requestId: z.string().min(1) });

const heldAction = z.object({
  nodeId: z.string(),
  name: z.string().nullable(),
  action: z.string(),
  input: z.unknown().meta({ description: "Rendered with the run's data so far; secrets redacted" }),
});

export const approvalRequest = z.object({
  id: z.string(),
  runId: z.string(),
  nodeId: z.string(),
  generation: z.number().int(),
  message: z.string(),
  approvers: z.array(z.string()),
  status: z.enum(["pending", "approved", "rejected", "expired"]),
  expiresAt: isoDate,
  decidedAt: isoDate.nullable(),
  decidedBy: z.string().nullable(),
  comment: z.string().nullable(),
  channel: z.string().nullable(),
});

export const pendingApprovalList = z.object({
  approvals: z.array(
    approvalRequest.extend({ automationName: z.string(), held: z.array(heldAction) }),
  ),
});

export const decisionBody = z.object({
  decision: z.enum(["approve", "reject"]),
  comment: z.string().max(MAX_APPROVAL_COMMENT_LENGTH).optional(),
});
