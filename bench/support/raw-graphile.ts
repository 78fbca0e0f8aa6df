// The floors: plain graphile-worker on the benchmark's own database, no Switchyard code.
// Both use a pg pool the benchmark owns (with error handlers), ended before they return:
// graphile-worker ends a pool it made itself without waiting, so Postgres stopping right
// after could hit one of its idle clients with no error handler left.
import { Logger, makeWorkerUtils, run } from "graphile-worker";
import { DEFAULT_QUEUE_VACUUM_AFTER_JOBS, startQueueVacuum } from "../../worker/queue-vacuum";
import type { BenchDatabase } from "./bench-env";
import { sleep, withTimeout } from "./cleanup";
import { wallNow, type JobCommits } from "./job-commits";
import { progress } from "./report";

const quiet = new Logger(() => () => {});

/**
 * The floor for commit → start: a transaction that writes a row and calls graphile-worker's
 * add_job; from its commit (the job's commit notification, see job-commits.ts) to the task
 * starting in a runner in this process. Sequential, so each latency is taken on an idle
 * queue. Keys in `commits`: `raw:<i>`.
 */
export async function rawCommitToStartMs(
  db: BenchDatabase,
  commits: JobCommits,
  samples: number,
): Promise<number[]> {
  const pool = db.pgPool(12);
  const started = new Map<number, (t: number) => void>();
  const runner = await run({
    pgPool: pool,
    concurrency: 4,
    pollInterval: 1000,
    noHandleSignals: true,
    logger: quiet,
    taskList: {
      raw_noop: async (payload) => started.get((payload as { i: number }).i)?.(wallNow()),
    },
  });
  const client = await pool.connect();
  const latencies: number[] = [];
  try {
    await client.query("CREATE TABLE IF NOT EXISTS bench_rows (i int)");
    for (let i = 0; i < samples; i++) {
      const seen = new Promise<number>((resolve) => started.set(i, resolve));
      await client.query("BEGIN");
      await client.query("INSERT INTO bench_rows VALUES ($1)", [i]);
      await client.query("SELECT graphile_worker.add_job('raw_noop', $1::json)", [
        JSON.stringify({ i }),
      ]);
      await client.query("COMMIT");
      const start = await withTimeout(seen, 30_000, `raw job ${i}`);
      const committed = await waitFor(
        () => commits.get(`raw:${i}`),
        5_000,
        `commit of raw job ${i}`,
      );
      latencies.push(start - committed);
    }
  } finally {
    client.release();
    await runner.stop();
    await pool.end();
  }
  return latencies;
}

async function waitFor<T>(get: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeoutMs} ms`);
    await sleep(1);
  }
}

/**
 * Raw no-op jobs per second: add `count` jobs, then time a runner draining them. The job
 * table is vacuumed as Switchyard's worker does it (worker/queue-vacuum.ts), so the floor
 * is the queue at its best, not slowed by finished jobs' index entries.
 */
export async function rawJobsPerSecond(
  db: BenchDatabase,
  count: number,
  concurrency: number,
): Promise<number> {
  const pool = db.pgPool(concurrency + 2);
  try {
    const utils = await makeWorkerUtils({ pgPool: pool, logger: quiet });
    for (let i = 0; i < count; i += 1000) {
      await utils.addJobs(
        Array.from({ length: Math.min(1000, count - i) }, (_, k) => ({
          identifier: "raw_drain",
          payload: { i: i + k },
        })),
      );
    }
    await utils.release();
    let done = 0;
    let first = 0;
    let last = 0;
    let finish: () => void = () => {};
    const allDone = new Promise<void>((r) => (finish = r));
    const vacuum = startQueueVacuum({
      prisma: db.prisma,
      afterJobs: DEFAULT_QUEUE_VACUUM_AFTER_JOBS,
      onError: (err) => progress(`vacuum: ${String(err)}`),
    });
    const runner = await run({
      pgPool: pool,
      concurrency,
      noHandleSignals: true,
      logger: quiet,
      taskList: {
        raw_drain: async () => {
          vacuum.jobFinished();
          first ||= performance.now();
          if (++done === count) {
            last = performance.now();
            finish();
          }
        },
      },
    });
    try {
      await withTimeout(allDone, 600_000, `draining ${count} raw jobs`);
    } finally {
      await runner.stop();
      await vacuum.stop();
    }
    // From the first job's start to the last job's end, as for Switchyard's steps.
    return count / ((last - first) / 1000);
  } finally {
    await pool.end();
  }
}
