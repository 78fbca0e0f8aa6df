import type { PrismaClient } from "../../../prisma/client";
import type { Actor } from "../../_lib/actor-type";

export interface AccountSummary {
  name: string;
  email: string;
  workspaceName: string;
  role: string;
  activeApiKeys: number;
  connections: number;
}

/** Who the actor is and how much of each setting their workspace has, for the settings page. */
export async function getAccountSummary(
  prisma: PrismaClient,
  actor: Actor,
): Promise<AccountSummary> {
  const [membership, activeApiKeys, connections] = await Promise.all([
    prisma.membership.findFirstOrThrow({
      where: { userId: actor.userId, workspaceId: actor.workspaceId },
      select: {
        role: true,
        user: { select: { name: true, email: true } },
        workspace: { select: { name: true } },
      },
    }),
    prisma.apiKey.count({ where: { workspaceId: actor.workspaceId, revokedAt: null } }),
    prisma.connection.count({
      where: { workspaceId: actor.workspaceId, status: { not: "revoked" } },
    }),
  ]);
  return {
    name: membership.user.name,
    email: membership.user.email,
    workspaceName: membership.workspace.name,
    role: membership.role,
    activeApiKeys,
    connections,
  };
}
