import nodemailer from "nodemailer";
import type { MessageContent } from "./merge-digest";

export interface OutgoingMessage extends MessageContent {
  from: string;
  to: string[];
  messageId: string;
}

/** Hands a message to an SMTP server; resolves once the server accepted it (250 after DATA). */
export type MailTransport = (message: OutgoingMessage) => Promise<void>;

export function smtpTransport(smtpUrl: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpUrl);
  return async (message) => {
    await transporter.sendMail({
      from: message.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: message.messageId,
    });
  };
}

/**
 * Whether a failed hand-off certainly did not deliver: the server answered
 * with a refusal code, or we never got connected. Anything else (a dropped
 * connection mid-DATA, a timeout waiting for the final reply) may have been
 * accepted, so it is treated as uncertain and not re-sent.
 */
export function smtpFailureIsClean(err: unknown): { clean: boolean; permanent: boolean } {
  const e = err as { responseCode?: unknown; command?: unknown; code?: unknown };
  if (typeof e.responseCode === "number") {
    return { clean: true, permanent: e.responseCode >= 500 };
  }
  const connecting = e.command === "CONN" || e.code === "ECONNREFUSED" || e.code === "EDNS";
  return { clean: connecting, permanent: false };
}
