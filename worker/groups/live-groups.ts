import { loadWorkerConfig } from "../config";
import { DEFAULT_WORKER_GROUP, workerGroupOf, type Topology } from "../engine/index";
import { allSteps, findStep } from "../engine/for-each";
import { rows, type SqlClient } from "../runs/store/sql";

/** Live worker processes per group, from heartbeats newer than the dead-after window. */
export async function liveWorkerGroups(
  client: SqlClient,
  deadAfterMs = loadWorkerConfig().workerDeadAfterMs,
): Promise<Map<string, number>> {
  const live = await rows<{ group: string; workers: number }>(
    client,
    "sy_live_worker_groups",
    `SELECT g AS "group", count(*)::int AS workers
       FROM "WorkerHeartbeat", unnest(groups) AS g
      WHERE "beatAt" > now() - $1::interval
      GROUP BY g`,
    [`${deadAfterMs} milliseconds`],
  );
  return new Map(live.map((r) => [r.group, r.workers]));
}

const WAITS_FOR_A_WORKER = new Set(["queued", "retrying", "running"]);

/**
 * The named group a step waits for: it is due to run (or its worker died mid-step) and
 * no worker of its group is alive. null otherwise, and for the default group, whose
 * workers also run everything else.
 */
export function waitingForGroup(
  topo: Topology,
  row: { nodeId: string; state: string },
  live: ReadonlyMap<string, number>,
): string | null {
  const node = findStep(topo, row.nodeId)?.node;
  if (!node || !WAITS_FOR_A_WORKER.has(row.state)) return null;
  const group = workerGroupOf(node);
  return group !== DEFAULT_WORKER_GROUP && !live.has(group) ? group : null;
}

/** Whether any step of the version runs on a named group (then liveness is worth a query). */
export function usesWorkerGroups(topo: Topology): boolean {
  return allSteps(topo.graph).some((node) => node.runsOn !== undefined);
}
