import type { PrismaClient, RunStatus } from "../../../prisma/client";
import type { Actor } from "../../_lib/actor-type";

export interface RunFilters {
  automationId?: string;
  status?: RunStatus;
  /** Only runs created before this instant (page with the last row's createdAt). */
  before?: Date;
  limit?: number;
}

/** The workspace's runs, newest first, optionally filtered. */
export async function listRuns(prisma: PrismaClient, actor: Actor, filters: RunFilters = {}) {
  return prisma.run.findMany({
    where: {
      workspaceId: actor.workspaceId,
      automationId: filters.automationId,
      status: filters.status,
      createdAt: filters.before ? { lt: filters.before } : undefined,
    },
    orderBy: { createdAt: "desc" },
    take: filters.limit ?? 50,
    include: { automation: { select: { name: true } } },
  });
}
