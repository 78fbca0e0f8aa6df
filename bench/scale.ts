// Scale with graph size: per-node overhead for fan-outs of 10 to 10,000 no-op steps
// (wall time from saving + starting the run to its outcome, ÷ nodes). It must stay flat
// (no quadratic work per completion): report largest ÷ smallest.
// Run: npm run bench -- scale
import { benchDatabase, spawnWorker, startGraph, waitForRuns } from "./support/bench-env";
import { fanOutOf } from "./support/graphs";
import { size } from "./support/options";
import { progress, table, type BenchResult } from "./support/report";

const SIZES = size([10, 100, 1000, 10_000], [10, 100, 300]);

export async function benchScale(): Promise<BenchResult> {
  const db = await benchDatabase();
  const rows: (string | number)[][] = [];
  const perNode = new Map<number, number>();
  try {
    const worker = await spawnWorker(db.url, { SWITCHYARD_WORKER_CONCURRENCY: "10" });
    try {
      await waitForRuns(db.prisma, [await startGraph(db.prisma, fanOutOf(5), "warm-up")]);
      for (const n of SIZES) {
        const started = Date.now();
        const runId = await startGraph(db.prisma, fanOutOf(n), `scale-${n}`);
        const [run] = await waitForRuns(db.prisma, [runId], 900_000);
        if (run!.status !== "succeeded") throw new Error(`${n} nodes: run ${run!.status}`);
        const wall = run!.endedAt!.getTime() - started;
        perNode.set(n, wall / n);
        rows.push([n, wall, wall / n]);
        progress(`${n} nodes: ${wall} ms`);
      }
    } finally {
      await worker.stop();
    }
  } finally {
    await db.stop();
  }
  // 100 is the baseline: at 10 nodes the run's fixed costs dominate the per-node figure.
  const large = SIZES.at(-1)!;
  const ratio = perNode.get(large)! / perNode.get(100)!;
  rows.push([`${large.toLocaleString("en")} ÷ 100 (target ≤ 1.3)`, "", ratio]);
  const metrics: Record<string, number> = {};
  for (const [n, ms] of perNode) metrics[`ms_per_node_${n}`] = ms;
  metrics[`ratio_${large}_over_100`] = ratio;
  const markdown = table(["nodes (fan-out of no-op steps)", "wall ms", "ms per node"], rows);
  return { markdown, metrics };
}
