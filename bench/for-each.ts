// For-each: one node going through a list, items in parallel up to its concurrency.
// 1. No-op items (util.pass_data): ms per item for 100 and 10,000 items — flat when an
//    item's cost does not grow with the list (the store reads only the item's rows).
// 2. 500-ms items (a GET to a local endpoint that answers after 500 ms) at concurrency
//    50: wall time ÷ (items ÷ 50 × 500 ms) is 1.0 when the items truly run side by side.
// Run: npm run bench -- foreach
import type { PrismaClient } from "../prisma/client";
import type { Graph, GraphNode } from "../worker/engine/types";
import { benchDatabase, spawnWorker, startGraph } from "./support/bench-env";
import { sleep } from "./support/cleanup";
import { size } from "./support/options";
import { progress, table, type BenchResult } from "./support/report";
import { startSlowEndpoint } from "./support/slow-endpoint";

const CONCURRENCY = 50;
const SMALL = 100;
const LARGE = size(10_000, 1_000);
const SLOW_ITEMS = size(500, 100);
const DELAY_MS = 500;

function forEachGraph(step: GraphNode): Graph {
  return {
    nodes: [
      { id: "trigger", type: "trigger" },
      {
        id: "each",
        type: "foreach",
        forEach: {
          items: "{{ trigger.rows }}",
          concurrency: CONCURRENCY,
          body: { nodes: [step], edges: [] },
        },
      },
    ],
    edges: [{ from: "trigger", to: "each", kind: "dependent" }],
  };
}

const noOp: GraphNode = {
  id: "copy",
  type: "action",
  action: "util.pass_data",
  input: { data: "{{ item }}" },
};

/** Starts the run and waits for its end; wall time from the request to the committed outcome. */
async function timeRun(prisma: PrismaClient, graph: Graph, items: number, label: string) {
  const rows = Array.from({ length: items }, (_, i) => ({ i }));
  const started = Date.now();
  const runId = await startGraph(prisma, graph, label, { rows });
  for (;;) {
    const run = await prisma.run.findUniqueOrThrow({
      where: { id: runId },
      select: { status: true, endedAt: true },
    });
    if (run.status !== "running") {
      if (run.status !== "succeeded") throw new Error(`${label}: run ${run.status}`);
      return run.endedAt!.getTime() - started;
    }
    await sleep(50);
  }
}

export async function benchForEach(): Promise<BenchResult> {
  const endpoint = await startSlowEndpoint(DELAY_MS);
  const db = await benchDatabase();
  const metrics: Record<string, number> = {};
  const rows: (string | number)[][] = [];
  try {
    const worker = await spawnWorker(db.url, {
      SWITCHYARD_WORKER_CONCURRENCY: String(CONCURRENCY + 10),
    });
    try {
      await timeRun(db.prisma, forEachGraph(noOp), 20, "warm-up");
      const perItem: Record<number, number> = {};
      for (const n of [SMALL, LARGE]) {
        const wall = await timeRun(db.prisma, forEachGraph(noOp), n, `no-op ${n}`);
        perItem[n] = wall / n;
        progress(`no-op items, ${n}: ${wall} ms (${(wall / n).toFixed(2)} ms per item)`);
        rows.push([`${n} no-op items`, wall, wall / n, (n / wall) * 1000]);
      }
      metrics.ms_per_item_100 = perItem[SMALL]!;
      metrics[`ms_per_item_${LARGE}`] = perItem[LARGE]!;
      metrics[`ratio_${LARGE}_over_100`] = perItem[LARGE]! / perItem[SMALL]!;
      metrics.items_per_s = 1000 / perItem[LARGE]!;

      endpoint.reset();
      const slowStep: GraphNode = {
        id: "call",
        type: "action",
        action: "http.request",
        input: { method: "GET", url: endpoint.url },
      };
      const wall = await timeRun(db.prisma, forEachGraph(slowStep), SLOW_ITEMS, "500-ms items");
      const ideal = (SLOW_ITEMS / CONCURRENCY) * DELAY_MS;
      const window = endpoint.window();
      progress(
        `500-ms items, ${SLOW_ITEMS}: ${wall} ms, ideal ${ideal} ms, max ${window.maxInFlight} in flight`,
      );
      metrics.slow_ratio_to_ideal = wall / ideal;
      metrics.slow_max_in_flight = window.maxInFlight;
      rows.push([
        `${SLOW_ITEMS} items of 500 ms`,
        wall,
        wall / SLOW_ITEMS,
        (SLOW_ITEMS / wall) * 1000,
      ]);
    } finally {
      await worker.stop();
    }
  } finally {
    await db.stop();
    await endpoint.close();
  }
  const markdown = table(["run (concurrency 50)", "wall ms", "ms per item", "items/s"], rows);
  const ratios = table(
    ["measure", "value", "target"],
    [
      [`ms per item, ${LARGE} ÷ 100`, metrics[`ratio_${LARGE}_over_100`]!, "≤ 1.3"],
      [`500-ms items: wall ÷ (items ÷ 50 × 500 ms)`, metrics.slow_ratio_to_ideal!, "≤ 1.2"],
      ["500-ms items: most in flight at once", metrics.slow_max_in_flight!, `${CONCURRENCY}`],
    ],
  );
  return { markdown: `${markdown}\n\n${ratios}`, metrics };
}
