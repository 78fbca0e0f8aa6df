import type { PrismaClient } from "../../prisma/client";

export interface QueueDepth {
  /** Waiting for a free worker now. A growing number means: add workers. */
  ready: number;
  /** run_at in the future: our retries with backoff. */
  scheduled: number;
  /** Being run by a worker (or held by a dead one until the sweeper frees it). */
  locked: number;
  /** Out of graphile-worker attempts: infrastructure faults inside the task, never retried. */
  failed: number;
}

/** Counts graphile-worker's jobs by state through its public `jobs` view. */
export async function readQueueDepth(prisma: PrismaClient): Promise<QueueDepth> {
  const [row] = await prisma.$queryRaw<QueueDepth[]>`
    SELECT
      count(*) FILTER (WHERE locked_at IS NULL AND attempts < max_attempts AND run_at <= now())::int AS ready,
      count(*) FILTER (WHERE locked_at IS NULL AND attempts < max_attempts AND run_at > now())::int AS scheduled,
      count(*) FILTER (WHERE locked_at IS NOT NULL)::int AS locked,
      count(*) FILTER (WHERE locked_at IS NULL AND attempts >= max_attempts)::int AS failed
    FROM graphile_worker.jobs`;
  return row ?? { ready: 0, scheduled: 0, locked: 0, failed: 0 };
}
