// Throughput: sustained steps per second with no-op steps across many concurrent
// runs, beside raw graphile-worker no-op jobs per second on the same database, and
// the worker's memory under that load. Target: ≥ 50 % of the raw rate.
// Run: npm run bench -- throughput
import { benchDatabase, spawnWorker, startGraph, waitForRuns } from "./support/bench-env";
import { fanOutOf } from "./support/graphs";
import { rawJobsPerSecond } from "./support/raw-graphile";
import { progress, table } from "./support/report";

const RUNS = 50;
const STEPS_PER_RUN = 20;
const CONCURRENCY = "10";

export async function benchThroughput(): Promise<string> {
  const db = await benchDatabase();
  const worker = await spawnWorker(db.url, { SWITCHYARD_WORKER_CONCURRENCY: CONCURRENCY });
  let stepsPerSecond: number;
  let peakRss = 0;
  try {
    await waitForRuns(db.prisma, [await startGraph(db.prisma, fanOutOf(5), "warm-up")]);
    const graph = fanOutOf(STEPS_PER_RUN);
    const runIds: string[] = [];
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, worker.rssMb())), 100);
    for (let i = 0; i < RUNS; i++) runIds.push(await startGraph(db.prisma, graph, "throughput"));
    const runs = await waitForRuns(db.prisma, runIds);
    clearInterval(sampler);
    const attempts = runs.flatMap((r) => r.attempts);
    const first = Math.min(...attempts.map((a) => a.startedAt.getTime()));
    const last = Math.max(...attempts.map((a) => a.endedAt!.getTime()));
    stepsPerSecond = attempts.length / ((last - first) / 1000);
    progress(`${attempts.length} steps in ${last - first} ms`);
  } finally {
    await worker.stop();
  }
  const raw = await rawJobsPerSecond(db.url, 5000, Number(CONCURRENCY));
  progress(`raw graphile-worker: ${raw.toFixed(0)} jobs/s`);
  await db.stop();
  return table(
    ["measure", "value"],
    [
      [
        `Switchyard steps/s (${RUNS} runs × ${STEPS_PER_RUN} no-op steps, concurrency ${CONCURRENCY})`,
        stepsPerSecond,
      ],
      [`raw graphile-worker no-op jobs/s (concurrency ${CONCURRENCY})`, raw],
      ["ratio (target ≥ 50 %)", `${((100 * stepsPerSecond) / raw).toFixed(0)} %`],
      ["worker RSS peak under this load, MB", peakRss],
    ],
  );
}
