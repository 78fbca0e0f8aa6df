import type { PrismaClient } from "../../prisma/client";
import { DEFAULT_WORKER_GROUP } from "../engine/index";
import { RUN_NODE_TASK } from "../queue/node-job";

export interface WorkerGroupStats {
  group: string;
  /** Worker processes of the group with a recent heartbeat. */
  workersAlive: number;
  /** The group's steps due and waiting for one of its workers. */
  stepsReady: number;
  /** The group's steps being run (or held by a dead worker until the sweeper frees them). */
  stepsRunning: number;
}

/**
 * Every group that has a live worker or queued steps, with its live workers and queue
 * depth (the health view and /metrics), by name; the default group first.
 */
export async function readWorkerGroupStats(
  prisma: Pick<PrismaClient, "$queryRaw">,
  workerDeadAfterMs: number,
): Promise<WorkerGroupStats[]> {
  const prefix = `${RUN_NODE_TASK}@`;
  const rows = await prisma.$queryRaw<WorkerGroupStats[]>`
    WITH steps AS (
      SELECT CASE WHEN task_identifier = ${RUN_NODE_TASK} THEN ${DEFAULT_WORKER_GROUP}
                  ELSE substr(task_identifier, ${prefix.length + 1}) END AS grp,
             count(*) FILTER (WHERE locked_at IS NULL AND attempts < max_attempts
                                AND run_at <= now())::int AS ready,
             count(*) FILTER (WHERE locked_at IS NOT NULL)::int AS running
      FROM graphile_worker.jobs
      WHERE task_identifier = ${RUN_NODE_TASK} OR starts_with(task_identifier, ${prefix})
      GROUP BY 1
    ), workers AS (
      SELECT g AS grp, count(*)::int AS alive
      FROM "WorkerHeartbeat", unnest(groups) AS g
      WHERE "beatAt" > now() - ${`${workerDeadAfterMs} milliseconds`}::interval
      GROUP BY g
    )
    SELECT COALESCE(s.grp, w.grp) AS "group", COALESCE(w.alive, 0) AS "workersAlive",
           COALESCE(s.ready, 0) AS "stepsReady", COALESCE(s.running, 0) AS "stepsRunning"
    FROM steps s FULL JOIN workers w ON w.grp = s.grp`;
  return rows.sort(
    (a, b) =>
      Number(b.group === DEFAULT_WORKER_GROUP) - Number(a.group === DEFAULT_WORKER_GROUP) ||
      a.group.localeCompare(b.group),
  );
}
