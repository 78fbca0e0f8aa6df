// Orchestration overhead: for a chain of 20 no-op steps and a 100-node random DAG,
// the time from the commit that makes a node ready (its last parent's result) to the
// node's start, beside raw graphile-worker's commit → start on the same database.
// Target: p50 within 2× the floor. Run: npm run bench -- overhead
import type { PrismaClient } from "../prisma/client";
import type { Graph } from "../worker/engine/types";
import { benchDatabase, spawnWorker, startGraph, waitForRuns } from "./support/bench-env";
import { chain, randomDag } from "./support/graphs";
import { rawCommitToStartMs } from "./support/raw-graphile";
import { percentile, progress, table } from "./support/report";

/** Per node: its start minus the latest end among its parents (ready → start). */
async function readyToStart(prisma: PrismaClient, graph: Graph, runId: string): Promise<number[]> {
  const [run] = await waitForRuns(prisma, [runId]);
  const end = new Map(run!.attempts.map((a) => [a.nodeId, a.endedAt!.getTime()]));
  const start = new Map(run!.attempts.map((a) => [a.nodeId, a.startedAt.getTime()]));
  const latencies: number[] = [];
  for (const node of graph.nodes) {
    const parents = graph.edges
      .filter((e) => e.to === node.id && e.from !== "trigger")
      .map((e) => e.from);
    if (parents.length === 0 || !start.has(node.id)) continue;
    latencies.push(start.get(node.id)! - Math.max(...parents.map((p) => end.get(p)!)));
  }
  return latencies;
}

export async function benchOverhead(): Promise<string> {
  const db = await benchDatabase();
  const worker = await spawnWorker(db.url, { SWITCHYARD_WORKER_CONCURRENCY: "10" });
  const rows: (string | number)[][] = [];
  try {
    // Warm-up: first runs pay for connection pools and module loading.
    await waitForRuns(db.prisma, [await startGraph(db.prisma, chain(5), "warm-up")]);
    for (const [name, graph] of [
      ["chain of 20", chain(20)],
      ["random DAG of 100", randomDag(100)],
    ] as const) {
      const samples: number[] = [];
      for (let i = 0; i < 3; i++) {
        samples.push(
          ...(await readyToStart(db.prisma, graph, await startGraph(db.prisma, graph, name))),
        );
      }
      progress(`${name}: ${samples.length} samples`);
      rows.push([name, samples.length, percentile(samples, 50), percentile(samples, 99)]);
    }
    await worker.stop();
    const raw = await rawCommitToStartMs(db.url, 200);
    progress(`raw graphile-worker: ${raw.length} samples`);
    rows.push([
      "raw graphile-worker add_job → start (floor)",
      raw.length,
      percentile(raw, 50),
      percentile(raw, 99),
    ]);
    const floor = percentile(raw, 50);
    for (const row of rows.slice(0, 2)) row.push(`${((row[2] as number) / floor).toFixed(1)}×`);
    rows[2]!.push("1.0×");
  } finally {
    await db.stop();
  }
  return table(["graph", "samples", "p50 ms", "p99 ms", "p50 ÷ floor"], rows);
}
