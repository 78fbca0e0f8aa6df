// Links that act for whoever holds them (an approval's, a report's "Retry failed part")
// are never stored in an email's body: the body holds a placeholder, the link itself is
// kept encrypted beside it (OutboxEmail.sealedLinks, the connection key ring), and it is
// put back only when the email is handed to SMTP or shown in the mailbox to one of its
// recipients. Anyone else who can read the outbox (the workspace's other members, a
// database dump) sees that a link was sent and to whom, never the link.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { decryptSecret, encryptSecret, type KeyRing } from "../connections/crypto";
import { escapeHtml } from "../escape-html";
import type { MessageContent } from "./merge-digest";

export interface SecretLink {
  /** What the stored body holds instead of the link: a URL that leads nowhere (RFC 2606). */
  placeholder: string;
  url: string;
}

const PLACEHOLDER_BASE = "https://secret-link.invalid/";
const linksSchema = z.array(z.object({ placeholder: z.string(), url: z.string() }));

/** A new placeholder for `url`, to render into the email in its stead. */
export function secretLink(url: string): SecretLink {
  return { placeholder: `${PLACEHOLDER_BASE}${randomUUID()}`, url };
}

/** The links, encrypted for the outbox row; null when there are none. */
export function sealLinks(ring: KeyRing, links: readonly SecretLink[]): string | null {
  return links.length === 0 ? null : encryptSecret(ring, JSON.stringify(links));
}

export function openLinks(ring: KeyRing, sealed: string | null): SecretLink[] {
  return sealed === null ? [] : linksSchema.parse(JSON.parse(decryptSecret(ring, sealed)));
}

/** The message as its recipients get it: every placeholder replaced by its link. */
export function revealLinks(content: MessageContent, links: readonly SecretLink[]): MessageContent {
  return replaceAll(content, links, (link) => ({ html: escapeHtml(link.url), text: link.url }));
}

/**
 * The message as someone it was not sent to sees it: each link's button or anchor keeps
 * its words but leads nowhere, and where the link was written out it says who got it.
 */
export function hideLinks(content: MessageContent, recipients: readonly string[]): MessageContent {
  const note = `[link sent to ${recipients.join(", ")}, hidden]`;
  const placeholder = new RegExp(`${escapeRegExp(PLACEHOLDER_BASE)}[0-9a-f-]{36}`, "g");
  return {
    subject: content.subject,
    html: content.html
      .replace(new RegExp(`href="${placeholder.source}"`, "g"), `title="${escapeHtml(note)}"`)
      .replace(placeholder, escapeHtml(note)),
    text: content.text.replace(placeholder, note),
  };
}

function replaceAll(
  content: MessageContent,
  links: readonly SecretLink[],
  by: (link: SecretLink) => { html: string; text: string },
): MessageContent {
  let { html, text } = content;
  for (const link of links) {
    const replacement = by(link);
    html = html.replaceAll(link.placeholder, replacement.html);
    text = text.replaceAll(link.placeholder, replacement.text);
  }
  return { subject: content.subject, html, text };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
