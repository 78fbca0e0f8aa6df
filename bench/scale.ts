// Scale with graph size: per-node overhead for fan-outs of 10, 100 and 1,000 no-op
// steps. It must stay flat (no quadratic work per completion): report 1,000 ÷ 10.
// Run: npm run bench -- scale
import { benchDatabase, spawnWorker, startGraph, waitForRuns } from "./support/bench-env";
import { fanOutOf } from "./support/graphs";
import { progress, table } from "./support/report";

export async function benchScale(): Promise<string> {
  const db = await benchDatabase();
  const worker = await spawnWorker(db.url, { SWITCHYARD_WORKER_CONCURRENCY: "10" });
  const perNode = new Map<number, number>();
  try {
    await waitForRuns(db.prisma, [await startGraph(db.prisma, fanOutOf(5), "warm-up")]);
    for (const size of [10, 100, 1000]) {
      const started = Date.now();
      const runId = await startGraph(db.prisma, fanOutOf(size), `scale-${size}`);
      const [run] = await waitForRuns(db.prisma, [runId]);
      const wall = run!.endedAt!.getTime() - started;
      perNode.set(size, wall / size);
      progress(`${size} nodes: ${wall} ms`);
    }
  } finally {
    await worker.stop();
    await db.stop();
  }
  const rows: (string | number)[][] = [...perNode].map(([size, ms]) => [size, ms]);
  rows.push(["1,000 ÷ 10", perNode.get(1000)! / perNode.get(10)!]);
  return table(["nodes (fan-out of no-op steps)", "ms per node"], rows);
}
