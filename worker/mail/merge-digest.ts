import { render } from "@react-email/render";
import { createElement } from "react";
import type { OutboxEmail } from "../../prisma/client";
import { DigestEmail } from "./templates/digest";

export interface MessageContent {
  subject: string;
  text: string;
  html: string;
}

/**
 * The single message for a digest window: every report in it, oldest first,
 * under one subject. Pure, so the sender can build it at send time from
 * whatever the window collected.
 */
export async function mergeDigest(rows: readonly OutboxEmail[]): Promise<MessageContent> {
  if (rows.length === 1) {
    const { subject, text, html } = rows[0]!;
    return { subject, text, html };
  }
  const fullSubject = `${rows.length} failure reports: ${rows.map((r) => r.subject).join("; ")}`;
  const subject = fullSubject.length > 200 ? `${fullSubject.slice(0, 197)}...` : fullSubject;
  const text = [
    `${rows.length} reports were collected in this digest window.`,
    ...rows.map((r, i) => `===== ${i + 1}/${rows.length}: ${r.subject} =====\n\n${r.text}`),
  ].join("\n\n");
  const html = await render(
    createElement(DigestEmail, {
      subject,
      subjects: rows.map((r) => r.subject),
      bodies: rows.map((r) => bodyOf(r.html)),
    }),
  );
  return { subject, text, html };
}

/**
 * What is inside a rendered email's <body>, without its hidden preview line
 * (the digest has its own). The rows' HTML was rendered by our templates.
 */
export function bodyOf(html: string): string {
  const match = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html);
  const body = match ? match[1]! : html;
  return body.replace(
    /<div[^>]*data-skip-in-text="true"[^>]*>[^<]*(?:<div>[^<]*<\/div>)?<\/div>/,
    "",
  );
}
