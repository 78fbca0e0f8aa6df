import { render } from "@react-email/render";
import { createElement } from "react";
import { ApprovalRequestEmail } from "../mail/templates/approval-request";
import type { HeldAction } from "./preview";

export interface ApprovalEmailInput {
  automationName: string;
  runId: string;
  /** The gate's display name (R15). */
  gateName: string;
  message: string;
  expiresAt: Date;
  held: HeldAction[];
  linkUrl: string;
  runUrl: string;
}

// The link opens a confirmation page: a GET (e.g. a mail scanner following it)
// decides nothing, so the email has one link, not an "approve" and a "reject" URL.
// HTML from the React Email template; the plain text is written here.

export async function approvalEmail(input: ApprovalEmailInput) {
  const subject = `[Switchyard] Approval needed: ${input.automationName} (${input.gateName})`;
  const previewText = input.held
    .map((a) => `- ${a.name} (${a.action}): ${JSON.stringify(a.input)}`)
    .join("\n");
  const text = [
    input.message,
    "",
    `Run ${input.runId} of "${input.automationName}" is waiting at ${input.gateName}.`,
    "If approved, these actions will run:",
    previewText || "- (no action depends on this gate)",
    "",
    `Review and decide: ${input.linkUrl}`,
    `This link is yours alone, works once and expires at ${input.expiresAt.toISOString()}.`,
    `Run: ${input.runUrl}`,
  ].join("\n");
  const html = await render(createElement(ApprovalRequestEmail, { input, subject }));
  return { subject, text, html };
}
