import type { PrismaClient } from "../prisma/client";

/**
 * Keeps graphile-worker's job table free of the rows of finished jobs. A finished job is
 * deleted, but its index entries stay until the table is vacuumed, and every fetch of the
 * next job walks over them from the head of the queue: after a burst (a 10,000-node
 * fan-out, a webhook flood) a fetch costs ever more, and autovacuum looks at a database
 * only once a minute. Raw graphile-worker here: 10,000 jobs queued at once ran at
 * 1.7 ms per job, and 0.6 with the table vacuumed every second (docs/benchmarks.md).
 *
 * So each worker process vacuums the table once at least `afterJobs` jobs have finished
 * since its last vacuum, checked every `intervalMs`, one vacuum at a time; SKIP_LOCKED
 * skips it while another process vacuums. A vacuum blocks no reads or writes. A role that
 * does not own the table gets a warning from Postgres and nothing is done (autovacuum
 * still runs).
 */
/** The worker's default (SWITCHYARD_WORKER_QUEUE_VACUUM_AFTER_JOBS). */
export const DEFAULT_QUEUE_VACUUM_AFTER_JOBS = 500;

export interface QueueVacuum {
  /** Counts a finished job (its row deleted or kept for a retry). */
  jobFinished(): void;
  stop(): Promise<void>;
}

export function startQueueVacuum(options: {
  prisma: PrismaClient;
  /** 0: never (autovacuum alone). */
  afterJobs: number;
  intervalMs?: number;
  onError: (err: unknown) => void;
}): QueueVacuum {
  const { prisma, afterJobs, onError } = options;
  let finished = 0;
  let running: Promise<void> | null = null;
  const timer =
    afterJobs > 0
      ? setInterval(() => {
          if (running || finished < afterJobs) return;
          finished = 0;
          running = prisma
            .$executeRawUnsafe("VACUUM (SKIP_LOCKED) graphile_worker._private_jobs")
            .then(
              () => {},
              (err: unknown) => onError(err),
            )
            .finally(() => {
              running = null;
            });
        }, options.intervalMs ?? 1_000)
      : null;
  timer?.unref();
  return {
    jobFinished() {
      finished += 1;
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
