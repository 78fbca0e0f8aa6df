import type { PrismaClient } from "../../prisma/client";
import { rows, type SqlClient } from "../runs/store/sql";

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

/** The local operator when it exists: the read-only commands need no Prisma client. */
export async function findLocalOwner(
  client: SqlClient,
): Promise<{ userId: string; workspaceId: string } | null> {
  const [owner] = await rows<{ userId: string; workspaceId: string }>(
    client,
    "sy_local_owner",
    `SELECT m."userId", m."workspaceId"
       FROM "User" u JOIN "Membership" m ON m."userId" = u.id
      WHERE u.email = $1 ORDER BY m."createdAt" LIMIT 1`,
    [LOCAL_EMAIL],
  );
  return owner ?? null;
}
