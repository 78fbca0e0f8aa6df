import { Logger, makeWorkerUtils, run } from "graphile-worker";
import pg from "pg";

const quiet = new Logger(() => () => {});

/**
 * The floor: a transaction that writes a row and calls graphile-worker's
 * add_job, COMMIT → the task starts (a runner in this process). Sequential,
 * so each latency is measured on an idle queue.
 */
export async function rawCommitToStartMs(url: string, samples: number): Promise<number[]> {
  const started = new Map<number, (t: number) => void>();
  const runner = await run({
    connectionString: url,
    concurrency: 4,
    pollInterval: 1000,
    noHandleSignals: true,
    logger: quiet,
    taskList: {
      raw_noop: async (payload) => started.get((payload as { i: number }).i)?.(Date.now()),
    },
  });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("CREATE TABLE IF NOT EXISTS bench_rows (i int)");
  const latencies: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const seen = new Promise<number>((resolve) => started.set(i, resolve));
      await client.query("BEGIN");
      await client.query("INSERT INTO bench_rows VALUES ($1)", [i]);
      await client.query("SELECT graphile_worker.add_job('raw_noop', $1::json)", [
        JSON.stringify({ i }),
      ]);
      await client.query("COMMIT");
      const committed = Date.now();
      latencies.push((await seen) - committed);
    }
  } finally {
    await client.end();
    await runner.stop();
  }
  return latencies;
}

/** Raw no-op jobs per second: add `count` jobs, then time a runner draining them. */
export async function rawJobsPerSecond(
  url: string,
  count: number,
  concurrency: number,
): Promise<number> {
  const utils = await makeWorkerUtils({ connectionString: url, logger: quiet });
  await utils.addJobs(
    Array.from({ length: count }, (_, i) => ({ identifier: "raw_drain", payload: { i } })),
  );
  await utils.release();
  let done = 0;
  let finish: () => void = () => {};
  const allDone = new Promise<void>((r) => (finish = r));
  const begin = Date.now();
  const runner = await run({
    connectionString: url,
    concurrency,
    noHandleSignals: true,
    logger: quiet,
    taskList: {
      raw_drain: async () => {
        if (++done === count) finish();
      },
    },
  });
  await allDone;
  const seconds = (Date.now() - begin) / 1000;
  await runner.stop();
  return count / seconds;
}
