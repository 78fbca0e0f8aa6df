import type { PrismaClient } from "../../prisma/client";
import { normalizeEmail } from "../approvals/request-approval";
import { SecretDecryptionError, type KeyRing } from "../connections/crypto";
import { hideLinks, openLinks, revealLinks } from "./secret-links";

/**
 * The local mailbox: the workspace's outbox, newest first. With no SMTP_URL
 * this is where emails are "delivered"; with one it is the sending log.
 */
export function listMailbox(prisma: PrismaClient, workspaceId: string) {
  return prisma.outboxEmail.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "desc" },
    take: 200,
    select: {
      id: true,
      kind: true,
      to: true,
      subject: true,
      status: true,
      createdAt: true,
      sendAfter: true,
      sentAt: true,
      lastError: true,
    },
  });
}

/**
 * One email as the signed-in user may read it: with its approval and retry links only
 * if it was sent to them; otherwise each link says whom it went to and is hidden, so a
 * member cannot act as another approver (R9) from the outbox.
 */
export async function mailboxMessage(
  prisma: PrismaClient,
  ring: KeyRing,
  viewer: { userId: string; workspaceId: string },
  id: string,
) {
  const [row, user] = await Promise.all([
    prisma.outboxEmail.findFirst({ where: { id, workspaceId: viewer.workspaceId } }),
    prisma.user.findUniqueOrThrow({ where: { id: viewer.userId }, select: { email: true } }),
  ]);
  if (!row) return null;
  const { sealedLinks, ...email } = row;
  const addressed = row.to.some((to) => normalizeEmail(to) === normalizeEmail(user.email));
  const links = addressed ? openable(ring, sealedLinks) : null;
  return {
    ...email,
    ...(links ? revealLinks(row, links) : hideLinks(row, row.to)),
    linksHidden: sealedLinks !== null && links === null,
  };
}

/** The links, or null if they cannot be opened (their key has left the ring). */
function openable(ring: KeyRing, sealed: string | null) {
  try {
    return openLinks(ring, sealed);
  } catch (err) {
    if (err instanceof SecretDecryptionError) return null;
    throw err;
  }
}
