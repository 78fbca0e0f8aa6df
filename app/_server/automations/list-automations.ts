import type { PrismaClient } from "../../../prisma/client";
import type { Actor } from "../../_lib/actor-type";

/** The workspace's automations with their latest version number, newest change first. */
export async function listAutomations(prisma: PrismaClient, actor: Actor) {
  const rows = await prisma.automation.findMany({
    where: { workspaceId: actor.workspaceId },
    orderBy: { updatedAt: "desc" },
    include: { versions: { orderBy: { number: "desc" }, take: 1, select: { number: true } } },
  });
  return rows.map(({ versions, ...automation }) => ({
    ...automation,
    latestVersion: versions[0]?.number ?? null,
  }));
}
