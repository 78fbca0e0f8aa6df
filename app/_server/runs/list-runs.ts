import type { PrismaClient, RunStatus } from "../../../prisma/client";
import type { Actor } from "../../_lib/actor-type";

export interface RunFilters {
  automationId?: string;
  status?: RunStatus;
  /** Only runs created before this instant (page with the last row's createdAt). */
  before?: Date;
  /** Only runs created at or after this instant. */
  since?: Date;
  limit?: number;
}

/** The workspace's runs, newest first, optionally filtered. */
export async function listRuns(prisma: PrismaClient, actor: Actor, filters: RunFilters = {}) {
  return prisma.run.findMany({
    where: {
      workspaceId: actor.workspaceId,
      automationId: filters.automationId,
      status: filters.status,
      createdAt: { lt: filters.before, gte: filters.since },
    },
    orderBy: { createdAt: "desc" },
    take: filters.limit ?? 50,
    include: { automation: { select: { name: true } } },
  });
}
