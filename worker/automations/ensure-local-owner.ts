import type { PrismaClient } from "../../prisma/client";

export const LOCAL_EMAIL = "local@switchyard.localhost";

/**
 * The command line acts as a local operator: one user with one workspace,
 * created on first use, so `switchyard run` works on an empty database.
 */
export async function ensureLocalOwner(
  prisma: PrismaClient,
): Promise<{ userId: string; workspaceId: string }> {
  return prisma.$transaction(async (tx) => {
    const user =
      (await tx.user.findUnique({
        where: { email: LOCAL_EMAIL },
        include: { memberships: true },
      })) ??
      (await tx.user.create({
        data: { email: LOCAL_EMAIL, name: "Local operator" },
        include: { memberships: true },
      }));
    const membership = user.memberships[0];
    if (membership) return { userId: user.id, workspaceId: membership.workspaceId };
    const workspace = await tx.workspace.create({
      data: { name: "Local", memberships: { create: { userId: user.id, role: "owner" } } },
    });
    return { userId: user.id, workspaceId: workspace.id };
  });
}
