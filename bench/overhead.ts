// Orchestration overhead: for a chain of 20 no-op steps and a 100-node random DAG, the
// time from the commit that makes a node ready (its last parent's result, which enqueues
// its job) to the node's attempt starting, beside raw graphile-worker's add_job commit →
// task start on the same database, measured in the same run (the floor). Commit times come
// from a NOTIFY trigger on the job table (support/job-commits.ts), the same for both.
// Target: p50 within 2× the floor. Run: npm run bench -- overhead
import type { PrismaClient } from "../prisma/client";
import type { Graph } from "../worker/engine/types";
import { benchDatabase, spawnWorker, startGraph, waitForRuns } from "./support/bench-env";
import { sleep } from "./support/cleanup";
import { chain, randomDag } from "./support/graphs";
import { listenForJobCommits, type JobCommits } from "./support/job-commits";
import { size } from "./support/options";
import { rawCommitToStartMs } from "./support/raw-graphile";
import { percentile, progress, table, type BenchResult } from "./support/report";

const REPEATS = size(3, 1);
const RAW_SAMPLES = size(200, 40);

/** Per node with a parent other than the trigger: its job's commit → its attempt's start. */
async function readyToStart(
  prisma: PrismaClient,
  commits: JobCommits,
  graph: Graph,
  runId: string,
): Promise<number[]> {
  const [run] = await waitForRuns(prisma, [runId]);
  if (run!.status !== "succeeded") throw new Error(`run ${runId} ended ${run!.status}`);
  await sleep(100); // the last notifications may still be on their way
  const latencies: number[] = [];
  for (const attempt of run!.attempts) {
    const parents = graph.edges.filter((e) => e.to === attempt.nodeId).map((e) => e.from);
    if (parents.includes("trigger")) continue;
    const committed = commits.get(`${runId}:${attempt.nodeId}`);
    if (committed === undefined) throw new Error(`no commit seen for ${attempt.nodeId}`);
    latencies.push(attempt.startedAt.getTime() - committed);
  }
  return latencies;
}

export async function benchOverhead(): Promise<BenchResult> {
  const db = await benchDatabase();
  const rows: (string | number)[][] = [];
  try {
    const commits = await listenForJobCommits(db, (p) =>
      typeof p.runId === "string" ? `${p.runId}:${String(p.nodeId)}` : `raw:${String(p.i)}`,
    );
    const worker = await spawnWorker(db.url, { SWITCHYARD_WORKER_CONCURRENCY: "10" });
    try {
      // Warm-up: first runs pay for connection pools and module loading.
      await waitForRuns(db.prisma, [await startGraph(db.prisma, chain(5), "warm-up")]);
      for (const [name, graph] of [
        ["chain of 20 no-op steps", chain(20)],
        ["random DAG of 100 no-op steps", randomDag(100)],
      ] as const) {
        const samples: number[] = [];
        for (let i = 0; i < REPEATS; i++) {
          const runId = await startGraph(db.prisma, graph, name);
          samples.push(...(await readyToStart(db.prisma, commits, graph, runId)));
          progress(`${name} #${i + 1}: ${samples.length} samples so far`);
        }
        rows.push([name, samples.length, percentile(samples, 50), percentile(samples, 99)]);
      }
    } finally {
      await worker.stop();
    }
    // The floor, on the same database with the worker stopped (no competition for it).
    const raw = await rawCommitToStartMs(db, commits, RAW_SAMPLES);
    await commits.stop();
    progress(`raw graphile-worker: ${raw.length} samples`);
    rows.push([
      "raw graphile-worker: add_job commit → task start (floor)",
      raw.length,
      percentile(raw, 50),
      percentile(raw, 99),
    ]);
  } finally {
    await db.stop();
  }
  const floor = rows[2]![2] as number;
  for (const row of rows) row.push(`${((row[2] as number) / floor).toFixed(1)}×`);
  const markdown = table(
    ["graph", "samples", "p50 ms", "p99 ms", "p50 ÷ floor p50 (targets: chain ≤ 1.5×, DAG ≤ 3×)"],
    rows,
  );
  const metrics = {
    chain_p50_ratio: (rows[0]![2] as number) / floor,
    dag_p50_ratio: (rows[1]![2] as number) / floor,
    floor_p50_ms: floor,
  };
  return { markdown, metrics };
}
