import type { PrismaClient } from "../../../prisma/client";
import type { Actor } from "../../_lib/actor-type";

/**
 * The workspace a signed-in user acts in: their first membership (a workspace
 * switcher can pick another later). A user without one gets a personal
 * workspace named after them, as owner. Sign-up does this right after the
 * user row is written; doing it here too repairs a sign-up whose hook failed
 * (better-auth commits the user before its after-hooks run).
 */
export async function resolveActor(
  prisma: PrismaClient,
  user: { id: string; name: string },
): Promise<Actor> {
  return prisma.$transaction(async (tx) => {
    // Serialises concurrent first requests of one user so only one workspace is made.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`personal-workspace:${user.id}`}))`;
    const membership = await tx.membership.findFirst({
      where: { userId: user.id },
      orderBy: { createdAt: "asc" },
    });
    if (membership) return { userId: user.id, workspaceId: membership.workspaceId };
    const workspace = await tx.workspace.create({
      data: {
        name: user.name.trim() || "My workspace",
        memberships: { create: { userId: user.id, role: "owner" } },
      },
    });
    return { userId: user.id, workspaceId: workspace.id };
  });
}
