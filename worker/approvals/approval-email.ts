import { emailDocument, escapeHtml as h } from "../mail/escape-html";
import type { HeldAction } from "./preview";

export interface ApprovalEmailInput {
  automationName: string;
  runId: string;
  nodeId: string;
  message: string;
  expiresAt: Date;
  held: HeldAction[];
  linkUrl: string;
  runUrl: string;
}

// The link opens a confirmation page: a GET (e.g. a mail scanner following it)
// decides nothing, so the email has one link, not an "approve" and a "reject" URL.

export function approvalEmail(input: ApprovalEmailInput) {
  const subject = `[Switchyard] Approval needed: ${input.automationName} (${input.nodeId})`;
  const previewText = input.held
    .map((a) => `- ${a.nodeId} (${a.action}): ${JSON.stringify(a.input)}`)
    .join("\n");
  const text = [
    input.message,
    "",
    `Run ${input.runId} of "${input.automationName}" is waiting at ${input.nodeId}.`,
    "If approved, these actions will run:",
    previewText || "- (no action depends on this gate)",
    "",
    `Review and decide: ${input.linkUrl}`,
    `This link is yours alone, works once and expires at ${input.expiresAt.toISOString()}.`,
    `Run: ${input.runUrl}`,
  ].join("\n");
  const previewHtml = input.held
    .map(
      (a) =>
        `<li><strong>${h(a.nodeId)}</strong> <code>${h(a.action)}</code><pre style="background:#f4f4f4;padding:6px">${h(JSON.stringify(a.input, null, 2))}</pre></li>`,
    )
    .join("");
  const html = emailDocument(
    subject,
    `<p>${h(input.message)}</p>
<p>Run ${h(input.runId)} of “${h(input.automationName)}” is waiting at <strong>${h(input.nodeId)}</strong>.</p>
<p>If approved, these actions will run:</p><ul>${previewHtml || "<li>(no action depends on this gate)</li>"}</ul>
<p><a href="${h(input.linkUrl)}">Review and decide</a></p>
<p>This link is yours alone, works once and expires at ${h(input.expiresAt.toISOString())}.</p>
<p><a href="${h(input.runUrl)}">Open the run</a></p>`,
  );
  return { subject, text, html };
}
