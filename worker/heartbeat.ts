import os from "node:os";
import type { PrismaClient } from "../prisma/client";
import { noticeStepsWaitingForGroups } from "./groups/notice-waiting-groups";

export interface HeartbeatOptions {
  prisma: PrismaClient;
  processId: string;
  /** The worker groups whose steps this process takes. */
  groups: string[];
  intervalMs: number;
  deadAfterMs: number;
  /** graphile-worker pool ids currently alive in this process. */
  workerIds: () => string[];
  /** Ids of the jobs this process is executing right now. */
  activeJobIds: () => string[];
  /** Tell owners about steps waiting for a group with no live worker (default group's workers). */
  noticeWaitingGroups: boolean;
  onSweep?: (freedWorkerIds: string[]) => void;
  onOrphansReleased?: (count: number) => void;
  onError?: (err: unknown) => void;
}

/**
 * graphile-worker frees the jobs of a dead worker only after 4 hours. Each
 * worker process beats here; any process's sweeper frees the jobs locked by
 * graphile workers that no live process claims (SIGKILL, power loss), so a
 * crashed step is picked up again within deadAfterMs + one beat.
 */
export function startHeartbeat(options: HeartbeatOptions): { stop(): Promise<void> } {
  const { prisma, processId, intervalMs, deadAfterMs } = options;
  let stopped = false;
  let inFlight: Promise<void> = Promise.resolve();

  const tick = async () => {
    try {
      await beat(prisma, processId, options.workerIds(), options.groups);
      const freed = await sweepDeadWorkers(prisma, deadAfterMs);
      if (freed.length > 0) options.onSweep?.(freed);
      const orphans = await releaseOrphanedJobs(
        prisma,
        options.workerIds(),
        options.activeJobIds(),
        deadAfterMs,
      );
      if (orphans > 0) options.onOrphansReleased?.(orphans);
      if (options.noticeWaitingGroups) await noticeStepsWaitingForGroups(prisma, deadAfterMs);
    } catch (err) {
      options.onError?.(err);
    }
  };
  inFlight = tick();
  const timer = setInterval(() => {
    if (!stopped) inFlight = inFlight.then(tick);
  }, intervalMs);
  timer.unref();

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await inFlight;
      await prisma.workerHeartbeat.deleteMany({ where: { id: processId } }).catch(() => {});
    },
  };
}

export async function beat(
  prisma: PrismaClient,
  processId: string,
  workerIds: string[],
  groups: string[],
) {
  // Stamped with the database's clock, the one the sweeper compares against: a beat written
  // late under load must not look older than it is (an app clock read before a slow write did).
  await prisma.$executeRaw`
    INSERT INTO "WorkerHeartbeat" (id, hostname, pid, "workerIds", groups, "beatAt")
    VALUES (${processId}, ${os.hostname()}, ${process.pid}, ${workerIds}::text[], ${groups}::text[],
            now() AT TIME ZONE 'UTC')
    ON CONFLICT (id) DO UPDATE
    SET "beatAt" = now() AT TIME ZONE 'UTC', "workerIds" = EXCLUDED."workerIds",
        groups = EXCLUDED.groups`;
}

/**
 * Frees jobs locked by graphile workers that no live heartbeat claims and
 * that have held the lock longer than the dead-after window (the window also
 * covers a process that has not yet beaten since it started its workers).
 * Returns the freed worker ids. Safe to run from many processes at once.
 */
export async function sweepDeadWorkers(
  prisma: PrismaClient,
  deadAfterMs: number,
): Promise<string[]> {
  return prisma.$transaction(async (tx) => {
    const [lock] = await tx.$queryRaw<{ acquired: boolean }[]>`
      SELECT pg_try_advisory_xact_lock(hashtext('switchyard.sweeper')) AS acquired`;
    if (!lock?.acquired) return [];
    const deadAfter = `${deadAfterMs} milliseconds`;
    const rows = await tx.$queryRaw<{ locked_by: string }[]>`
      SELECT DISTINCT j.locked_by
      FROM graphile_worker.jobs j
      WHERE j.locked_by IS NOT NULL
        AND j.locked_at < now() - ${deadAfter}::interval
        AND NOT EXISTS (
          SELECT 1 FROM "WorkerHeartbeat" h
          WHERE h."beatAt" > now() - ${deadAfter}::interval
            AND j.locked_by = ANY(h."workerIds"))`;
    const ids = rows.map((r) => r.locked_by);
    if (ids.length > 0) {
      await tx.$executeRaw`SELECT graphile_worker.force_unlock_workers(${ids}::text[])`;
    }
    await tx.$executeRaw`
      DELETE FROM "WorkerHeartbeat" WHERE "beatAt" < now() - ${deadAfter}::interval`;
    return ids;
  });
}

/**
 * Releases jobs that this process's own pools still hold but no longer run.
 * That happens when the database went away while a job finished: the task's
 * result could not be recorded and graphile-worker's completion call was lost,
 * so the lock stays under a pool that is alive (the heartbeat vouches for it)
 * and would only lapse after 4 hours. The re-run is safe: a claimed node that
 * is already decided is skipped, and a half-done step restarts with the same
 * idempotency key.
 *
 * graphile-worker (0.18 as 0.17) has no public function to unlock single
 * jobs: its `force_unlock_workers` frees a whole pool, which here would also
 * free the steps this live pool is running and start them twice. So this
 * updates its `_private_jobs` table, whose lock columns 0.18 kept as they
 * were (graphile-worker is pinned to 0.18.x; covered by
 * test/reliability/database-restart.test.ts).
 */
export async function releaseOrphanedJobs(
  prisma: PrismaClient,
  poolIds: string[],
  activeJobIds: string[],
  graceMs: number,
): Promise<number> {
  if (poolIds.length === 0) return 0;
  return prisma.$executeRaw`
    UPDATE graphile_worker._private_jobs
    SET locked_at = NULL, locked_by = NULL
    WHERE locked_by = ANY(${poolIds}::text[])
      AND NOT (id = ANY(${activeJobIds}::bigint[]))
      AND locked_at < now() - ${`${graceMs} milliseconds`}::interval`;
}
