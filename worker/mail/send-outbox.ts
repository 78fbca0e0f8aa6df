import type { OutboxEmail, PrismaClient } from "../../prisma/client";
import type { KeyRing } from "../connections/crypto";
import { mergeDigest } from "./merge-digest";
import { openLinks, revealLinks, sealLinks } from "./secret-links";
import type { SendEmailPayload } from "./send-email-job";
import { smtpFailureIsClean, type MailTransport } from "./smtp-transport";

/** lastError prefix of a row whose SMTP hand-off has started and not been recorded. */
export const IN_FLIGHT = "in flight:";
export const UNCERTAIN = "delivery uncertain:";

export interface SenderDeps {
  prisma: PrismaClient;
  /** null: no SMTP server configured; the email is kept for the local mailbox page. */
  transport: MailTransport | null;
  /** Opens the emails' sealed links, which only the SMTP hand-off gets in the clear. */
  ring: KeyRing;
  from: string;
  now: () => Date;
  /** Called right after the server accepted, before bookkeeping (crash tests). */
  afterAccept?: () => void;
}

/**
 * Sends one outbox email, or a whole digest window merged into one message.
 *
 * At most once per Message-ID: the rows are claimed (marked in flight) in a
 * committed transaction before the SMTP hand-off and marked sent right after
 * it. A later attempt that finds a row still in flight knows a sender died
 * mid-hand-off and cannot know whether the server accepted, so it marks the
 * row "delivery uncertain" instead of sending it again. Certain failures (a
 * refusal code, no connection) clear the claim and are retried by
 * graphile-worker. See docs/email-and-approvals.md for the remaining window.
 */
export async function sendOutbox(deps: SenderDeps, job: SendEmailPayload): Promise<void> {
  const rows = await claim(deps, job);
  if (rows.length === 0) return;
  const carrier = rows[0]!;
  // Stored with placeholders, as each row was; the links go only to the server.
  const content = await mergeDigest(rows);
  const links = rows.flatMap((r) => openLinks(deps.ring, r.sealedLinks));
  const ids = rows.map((r) => r.id);
  if (deps.transport) {
    try {
      await deps.transport({
        ...revealLinks(content, links),
        from: deps.from,
        to: carrier.to,
        messageId: carrier.messageId,
      });
    } catch (err) {
      await recordFailure(deps, ids, err);
      return;
    }
    deps.afterAccept?.();
  }
  const now = deps.now();
  await deps.prisma.$transaction([
    deps.prisma.outboxEmail.update({
      where: { id: carrier.id },
      // What was actually sent under this Message-ID (the merged digest, if any).
      data: {
        ...content,
        sealedLinks: sealLinks(deps.ring, links),
        status: "sent",
        sentAt: now,
        lastError: null,
      },
    }),
    deps.prisma.outboxEmail.updateMany({
      where: { id: { in: ids.slice(1) } },
      data: { status: "sent", sentAt: now, lastError: `merged into ${carrier.messageId}` },
    }),
  ]);
}

async function claim(deps: SenderDeps, job: SendEmailPayload): Promise<OutboxEmail[]> {
  return deps.prisma.$transaction(async (tx) => {
    const locked =
      "emailId" in job
        ? await tx.$queryRaw<{ id: string }[]>`
            SELECT id FROM "OutboxEmail" WHERE id = ${job.emailId} AND status = 'pending'
            FOR UPDATE`
        : await tx.$queryRaw<{ id: string }[]>`
            SELECT id FROM "OutboxEmail"
            WHERE "digestKey" = ${job.digestKey} AND status = 'pending'
              AND "sendAfter" <= ${new Date(job.windowEnd)}::timestamptz
            ORDER BY "createdAt" FOR UPDATE`;
    const rows = await tx.outboxEmail.findMany({
      where: { id: { in: locked.map((r) => r.id) } },
      orderBy: { createdAt: "asc" },
    });
    const now = deps.now();
    const interrupted = rows.filter((r) => r.lastError?.startsWith(IN_FLIGHT));
    const fresh = rows.filter((r) => !r.lastError?.startsWith(IN_FLIGHT));
    if (interrupted.length > 0) {
      await tx.outboxEmail.updateMany({
        where: { id: { in: interrupted.map((r) => r.id) } },
        data: {
          status: "failed",
          lastError: `${UNCERTAIN} a sender stopped during the SMTP hand-off at ${now.toISOString()}; not re-sent so the same message cannot arrive twice`,
        },
      });
    }
    for (const row of fresh) {
      await tx.outboxEmail.update({
        where: { id: row.id },
        data: {
          attempts: { increment: 1 },
          lastError: `${IN_FLIGHT} attempt ${row.attempts + 1} started at ${now.toISOString()}`,
        },
      });
    }
    return fresh;
  });
}

/** Clears the claim of a certain failure (graphile-worker retries it) or records an uncertain one. */
async function recordFailure(deps: SenderDeps, ids: string[], err: unknown) {
  const message = err instanceof Error ? err.message : String(err);
  const { clean, permanent } = smtpFailureIsClean(err);
  await deps.prisma.outboxEmail.updateMany({
    where: { id: { in: ids } },
    data: clean
      ? { lastError: message, status: permanent ? "failed" : "pending" }
      : { lastError: `${UNCERTAIN} ${message}`, status: "failed" },
  });
  if (clean && !permanent) throw err;
}
