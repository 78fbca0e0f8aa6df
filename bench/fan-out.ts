// Fan-out: trigger → N parallel HTTP steps against a local endpoint that answers
// after 500 ms. Wall time ÷ 500 ms is 1.0 when siblings truly run in parallel (R4).
// Run: npm run bench -- fan-out
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Graph } from "../worker/engine/types";
import { benchDatabase, spawnWorker, startGraph, waitForRuns } from "./support/bench-env";
import { median, progress, table } from "./support/report";

const DELAY_MS = 500;
const SIZES = [5, 10, 50];
const REPEATS = 3;

function fanOut(n: number, url: string): Graph {
  const steps = Array.from({ length: n }, (_, i) => ({
    id: `call_${i}`,
    type: "action" as const,
    action: "http.request",
    input: { method: "GET", url },
  }));
  return {
    nodes: [{ id: "trigger", type: "trigger" }, ...steps],
    edges: steps.map((s) => ({ from: "trigger", to: s.id, kind: "dependent" as const })),
  };
}

export async function benchFanOut(): Promise<string> {
  const server = createServer((_req, res) => {
    setTimeout(() => res.end('{"ok":true}'), DELAY_MS);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`;
  const db = await benchDatabase();
  const worker = await spawnWorker(db.url, { SWITCHYARD_WORKER_CONCURRENCY: "60" });
  const rows: (string | number)[][] = [];
  try {
    for (const n of SIZES) {
      const walls: number[] = [];
      for (let i = 0; i < REPEATS; i++) {
        const started = Date.now();
        const runId = await startGraph(db.prisma, fanOut(n, url), `fan-out-${n}`);
        const [run] = await waitForRuns(db.prisma, [runId]);
        // From the request to start until the run's outcome was committed.
        walls.push(run!.endedAt!.getTime() - started);
        progress(`fan-out N=${n} #${i + 1}: ${walls.at(-1)} ms`);
      }
      const wall = median(walls);
      rows.push([n, wall, wall / DELAY_MS]);
    }
  } finally {
    await worker.stop();
    await db.stop();
    server.close();
  }
  return table(["N parallel steps", "wall ms (median of 3)", "wall ÷ 500 ms (ideal 1.0)"], rows);
}
