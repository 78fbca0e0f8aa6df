import { randomUUID } from "node:crypto";
import type { Prisma } from "../../prisma/client";
import { addKeyedJob } from "../queue/add-keyed-job";
import { SEND_EMAIL_TASK, type SendEmailPayload } from "./send-email-job";

type Tx = Prisma.TransactionClient;

export interface OutgoingEmail {
  workspaceId: string | null;
  /** report | approval_request | ... (shown in the mailbox) */
  kind: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** The links text and html hold placeholders for (sealLinks, secret-links.ts). */
  sealedLinks?: string | null;
  runId?: string;
  /** Emails with the same key whose windows overlap are sent as one (digest). */
  digestKey?: string;
  /** With digestKey: how long the digest window stays open. */
  digestMinutes?: number;
}

/**
 * Writes the email to the outbox and enqueues its sender, in the caller's
 * transaction: the email exists iff the event that caused it commits, and it
 * is sent even if the process dies right after (docs/email-and-approvals.md).
 */
export async function enqueueEmail(tx: Tx, email: OutgoingEmail, now: Date) {
  const sendAfter =
    email.digestKey && email.digestMinutes
      ? await digestWindowEnd(tx, email.digestKey, email.digestMinutes, now)
      : now;
  const row = await tx.outboxEmail.create({
    data: {
      workspaceId: email.workspaceId,
      messageId: `<${randomUUID()}@switchyard.local>`,
      kind: email.kind,
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      sealedLinks: email.sealedLinks ?? null,
      runId: email.runId ?? null,
      digestKey: email.digestKey ?? null,
      sendAfter,
    },
  });
  // One job per email, or one per digest window (its key dedupes the burst).
  const payload: SendEmailPayload = email.digestKey
    ? { digestKey: email.digestKey, windowEnd: sendAfter.toISOString() }
    : { emailId: row.id };
  const jobKey = email.digestKey
    ? `send_email:digest:${email.digestKey}:${sendAfter.toISOString()}`
    : `send_email:${row.id}`;
  await addKeyedJob(tx, { task: SEND_EMAIL_TASK, payload, jobKey, runAt: sendAfter });
  return row;
}

/**
 * The open window of a digest key (a pending email in it that is not yet
 * being sent) is joined; otherwise a new one opens now. Serialized per key by
 * a transaction-scoped advisory lock, so a burst agrees on one window.
 */
async function digestWindowEnd(tx: Tx, digestKey: string, minutes: number, now: Date) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`digest:${digestKey}`}))`;
  const open = await tx.outboxEmail.findFirst({
    where: { digestKey, status: "pending", sendAfter: { gt: now }, attempts: 0 },
    orderBy: { sendAfter: "asc" },
  });
  return open?.sendAfter ?? new Date(now.getTime() + minutes * 60_000);
}
