import type { PrismaClient } from "../../prisma/client";

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

export function mailboxMessage(prisma: PrismaClient, workspaceId: string, id: string) {
  return prisma.outboxEmail.findFirst({ where: { id, workspaceId } });
}
