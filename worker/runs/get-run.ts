import type { VersionReplayPlan } from "../engine/index";
import { AppError } from "../errors";
import { liveWorkerGroups, usesWorkerGroups, waitingForGroup } from "../groups/live-groups";
import { readRun } from "./store/read-run";
import type { SqlClient } from "./store/sql";
import { versionTopology } from "./store/version-topology";

/**
 * A run with its nodes, its generations and every attempt of every generation, for
 * display; not_found when it does not exist or (given `workspaceId`) is another
 * workspace's — reported exactly like a missing one, so ids reveal nothing.
 */
export async function getRun(client: SqlClient, runId: string, workspaceId?: string) {
  const run = await readRun(client, runId, workspaceId);
  if (!run) throw new AppError("not_found", `Run ${runId} not found`);
  const topo = await versionTopology(client, run.versionId);
  // The nodes of the version the run runs on; those of a version it moved away from
  // are history (their attempts stay in `attempts`).
  // A step of a group with no live worker says so (docs/deploy.md, "Worker groups").
  const live = usesWorkerGroups(topo) ? await liveWorkerGroups(client) : new Map<string, number>();
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
