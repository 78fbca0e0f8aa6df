import type { OutboxEmail } from "../../prisma/client";

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
export function mergeDigest(rows: readonly OutboxEmail[]): MessageContent {
  if (rows.length === 1) {
    const { subject, text, html } = rows[0]!;
    return { subject, text, html };
  }
  const subject = `${rows.length} failure reports: ${rows.map((r) => r.subject).join("; ")}`;
  const text = [
    `${rows.length} reports were collected in this digest window.`,
    ...rows.map((r, i) => `===== ${i + 1}/${rows.length}: ${r.subject} =====\n\n${r.text}`),
  ].join("\n\n");
  const bodies = rows.map((r) => bodyOf(r.html));
  const html = `<!doctype html><html><body><p>${rows.length} reports were collected in this digest window.</p>${bodies.join("<hr>")}</body></html>`;
  return { subject: subject.length > 200 ? `${subject.slice(0, 197)}...` : subject, text, html };
}

function bodyOf(html: string): string {
  const match = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html);
  return match ? match[1]! : html;
}
