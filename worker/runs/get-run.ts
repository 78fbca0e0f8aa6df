import type { PrismaClient } from "../../prisma/client";
import type { VersionReplayPlan } from "../engine/index";
import { AppError } from "../errors";
import { liveWorkerGroups, usesWorkerGroups, waitingForGroup } from "../groups/live-groups";
import { topologyForVersion } from "./locked-run";

/** A run with its nodes, its generations and every attempt of every generation, for display. */
export async function getRun(prisma: PrismaClient, runId: string) {
  const run = await prisma.run.findUnique({
    where: { id: runId },
    include: {
      automation: { select: { id: true, name: true } },
      // The graph's own nodes; for-each items are paged apart (for-each-view.ts).
      // A kept output's sealed whole stays in the database (only its summary is shown).
      nodeRuns: { where: { item: -1 }, omit: { groupOutput: true } },
      attempts: {
        where: { nodeRun: { item: -1 } },
        orderBy: [{ generation: "asc" }, { startedAt: "asc" }],
      },
      generations: {
        orderBy: { generation: "asc" },
        include: { version: { select: { number: true } } },
      },
    },
  });
  if (!run) throw new AppError("not_found", `Run ${runId} not found`);
  const topo = await topologyForVersion(prisma, run.versionId);
  // The nodes of the version the run runs on; those of a version it moved away from
  // are history (their attempts stay in `attempts`).
  // A step of a group with no live worker says so (docs/deploy.md, "Worker groups").
  const live = usesWorkerGroups(topo) ? await liveWorkerGroups(prisma) : new Map<string, number>();
  const nodeRuns = run.nodeRuns
    .filter((row) => topo.nodesById.has(row.nodeId))
    .map((row) => ({ ...row, waitingForGroup: waitingForGroup(topo, row, live) }));
  // Plans are written by retryOnLatestVersion only: trusted, typed here.
  const generations = run.generations.map((g) => ({
    ...g,
    plan: g.plan as VersionReplayPlan | null,
  }));
  return { ...run, nodeRuns, generations, topo };
}

export type RunDetails = Awaited<ReturnType<typeof getRun>>;
