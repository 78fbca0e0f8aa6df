import type { Prisma } from "../../prisma/client";
import type { KeyRing } from "../connections/crypto";
import { loadMailConfig } from "../mail/mail-config";
import { renderText } from "../engine/index";
import { enqueueEmail } from "../mail/outbox";
import { sealLinks, secretLink } from "../mail/secret-links";
import { stepNames } from "../names";
import { addKeyedJob } from "../queue/add-keyed-job";
import { succeededOutputs, type LockedRun } from "../runs/locked-run";
import { approvalEmail } from "./approval-email";
import { APPROVAL_EXPIRY_TASK } from "./approval-job";
import { newApprovalToken } from "./approval-tokens";
import { heldActions } from "./preview";

const DEFAULT_EXPIRES_IN_HOURS = 72;

/**
 * R9, called by the approval_gate_reached job that the transaction putting the
 * gate in waiting_approval enqueued: the request, one single-use link per
 * approver, their emails and the expiry job all commit together, once.
 * A gate without configured approvers asks the run's owner.
 */
export async function requestApproval(
  tx: Prisma.TransactionClient,
  ring: KeyRing,
  locked: LockedRun,
  nodeId: string,
  now: Date,
): Promise<void> {
  const { run, topo } = locked;
  const spec = topo.nodesById.get(nodeId)?.approval;
  const [automation, owner] = await Promise.all([
    tx.automation.findUniqueOrThrow({ where: { id: run.automationId }, select: { name: true } }),
    tx.user.findUniqueOrThrow({ where: { id: run.ownerId }, select: { email: true } }),
  ]);
  const approvers = [
    ...new Set((spec?.approvers?.length ? spec.approvers : [owner.email]).map(normalizeEmail)),
  ];
  const expiresAt = new Date(
    now.getTime() + (spec?.expiresInHours ?? DEFAULT_EXPIRES_IN_HOURS) * 3_600_000,
  );
  // Rendered once, with the data the gate was reached with, and stored on the request:
  // the email, the pages and the API all show the same words.
  const data = { trigger: run.triggerPayload, steps: succeededOutputs(locked.state) };
  const gateName = stepNames(topo.graph)(nodeId);
  const message = spec?.message
    ? renderText(spec.message, data)
    : `Approval needed before ${gateName} lets the run go on.`;
  const request = await tx.approvalRequest.create({
    data: {
      workspaceId: run.workspaceId,
      runId: run.id,
      nodeId,
      generation: locked.rows.get(nodeId)?.generation ?? run.generation,
      message,
      approvers,
      requesterMayNotApprove: spec?.requesterMayNotApprove ?? false,
      onExpiry: spec?.onExpiry ?? "reject",
      expiresAt,
      createdAt: now,
    },
  });
  const config = loadMailConfig();
  const held = heldActions(topo, nodeId, data);
  for (const approverEmail of approvers) {
    const { token, tokenHash } = newApprovalToken();
    await tx.approvalToken.create({
      data: { requestId: request.id, approverEmail, tokenHash, expiresAt },
    });
    // The approver's own link, kept out of the stored email (secret-links.ts).
    const link = secretLink(`${config.publicUrl}/approvals/t/${token}`);
    const email = await approvalEmail({
      automationName: automation.name,
      runId: run.id,
      gateName,
      message,
      expiresAt,
      held,
      linkUrl: link.placeholder,
      runUrl: `${config.publicUrl}/runs/${run.id}`,
    });
    await enqueueEmail(
      tx,
      {
        workspaceId: run.workspaceId,
        kind: "approval_request",
        to: [approverEmail],
        runId: run.id,
        ...email,
        sealedLinks: sealLinks(ring, [link]),
      },
      now,
    );
  }
  await addKeyedJob(tx, {
    task: APPROVAL_EXPIRY_TASK,
    payload: { requestId: request.id },
    jobKey: `approval_expiry:${request.id}`,
    runAt: expiresAt,
  });
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
