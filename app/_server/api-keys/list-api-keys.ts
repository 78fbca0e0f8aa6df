import type { PrismaClient } from "../../../prisma/client";
import type { Actor } from "../../_lib/actor-type";

/** The workspace's API keys, newest first, without their hashes. */
export async function listApiKeys(prisma: PrismaClient, actor: Actor) {
  return prisma.apiKey.findMany({
    where: { workspaceId: actor.workspaceId },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      name: true,
      prefix: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
      user: { select: { name: true, email: true } },
    },
  });
}

export type ApiKeySummary = Awaited<ReturnType<typeof listApiKeys>>[number];
