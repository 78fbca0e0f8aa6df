"use server";

import { loadWorkerConfig } from "../../worker/config";
import { DEFAULT_WORKER_GROUP } from "../../worker/engine/index";
import { readWorkerGroupStats } from "../../worker/groups/group-stats";
import { currentActor } from "../_lib/actor";
import { db } from "../_lib/db";

/** The named worker groups heartbeats and queued steps show, those with live workers first. */
export async function knownWorkerGroupsAction(): Promise<{ group: string; live: boolean }[]> {
  await currentActor();
  const stats = await readWorkerGroupStats(db(), loadWorkerConfig().workerDeadAfterMs);
  return stats
    .filter((g) => g.group !== DEFAULT_WORKER_GROUP)
    .map((g) => ({ group: g.group, live: g.workersAlive > 0 }))
    .sort((a, b) => Number(b.live) - Number(a.live) || a.group.localeCompare(b.group));
}
