// Throughput: sustained steps per second with no-op steps across many concurrent runs,
// beside raw graphile-worker no-op jobs per second on the same database at the same
// concurrency (measured in the same run), and the worker's memory under that load
// (VmRSS from /proc/<pid>/status, sampled every 100 ms). Target: ≥ 50 % of the raw rate.
// Run: npm run bench -- throughput
import {
  benchDatabase,
  spawnWorker,
  startGraph,
  waitForRuns,
  type BenchDatabase,
} from "./support/bench-env";
import { fanOutOf } from "./support/graphs";
import { size } from "./support/options";
import { rawJobsPerSecond } from "./support/raw-graphile";
import { median, progress, table, type BenchResult } from "./support/report";

const RUNS = size(50, 10);
const STEPS_PER_RUN = 20;
const CONCURRENCY = 10;
const RAW_JOBS = size(5000, 1000);

async function switchyardStepsPerSecond(db: BenchDatabase) {
  const worker = await spawnWorker(db.url, { SWITCHYARD_WORKER_CONCURRENCY: String(CONCURRENCY) });
  const rss: number[] = [];
  const sampler = setInterval(() => {
    const mb = worker.rssMb();
    if (mb > 0) rss.push(mb);
  }, 100);
  try {
    await waitForRuns(db.prisma, [await startGraph(db.prisma, fanOutOf(5), "warm-up")]);
    const idleRss = worker.rssMb();
    rss.length = 0;
    const graph = fanOutOf(STEPS_PER_RUN);
    const runIds: string[] = [];
    for (let i = 0; i < RUNS; i++) runIds.push(await startGraph(db.prisma, graph, "throughput"));
    progress(`${RUNS} runs started; waiting for ${RUNS * STEPS_PER_RUN} steps`);
    const runs = await waitForRuns(db.prisma, runIds, 600_000);
    const notOk = runs.filter((r) => r.status !== "succeeded").length;
    if (notOk > 0) throw new Error(`${notOk} of ${RUNS} runs did not succeed`);
    const attempts = runs.flatMap((r) => r.attempts);
    // From the first step's start to the last step's end.
    const first = Math.min(...attempts.map((a) => a.startedAt.getTime()));
    const last = Math.max(...attempts.map((a) => a.endedAt!.getTime()));
    progress(`${attempts.length} steps in ${last - first} ms`);
    return { stepsPerSecond: attempts.length / ((last - first) / 1000), idleRss, rss: [...rss] };
  } finally {
    clearInterval(sampler);
    await worker.stop();
  }
}

export async function benchThroughput(): Promise<BenchResult> {
  const db = await benchDatabase();
  try {
    const sy = await switchyardStepsPerSecond(db);
    // The floor, with the worker stopped, on the same database.
    const raw = await rawJobsPerSecond(db, RAW_JOBS, CONCURRENCY);
    progress(`raw graphile-worker: ${raw.toFixed(0)} jobs/s`);
    const rssPeak = Math.max(0, ...sy.rss);
    const markdown = table(
      ["measure", "value"],
      [
        [
          `Switchyard steps/s (${RUNS} runs × ${STEPS_PER_RUN} no-op steps, concurrency ${CONCURRENCY})`,
          sy.stepsPerSecond,
        ],
        [`raw graphile-worker no-op jobs/s (${RAW_JOBS} jobs, concurrency ${CONCURRENCY})`, raw],
        ["ratio (target ≥ 40 %)", `${((100 * sy.stepsPerSecond) / raw).toFixed(0)} %`],
        ["worker RSS idle after warm-up, MB", sy.idleRss],
        [`worker RSS under load, median of ${sy.rss.length} samples, MB`, median(sy.rss)],
        ["worker RSS under load, peak, MB", rssPeak],
      ],
    );
    const metrics = {
      steps_per_s: sy.stepsPerSecond,
      raw_jobs_per_s: raw,
      ratio: sy.stepsPerSecond / raw,
      rss_idle_mb: sy.idleRss,
      rss_peak_mb: rssPeak,
    };
    return { markdown, metrics };
  } finally {
    await db.stop();
  }
}
