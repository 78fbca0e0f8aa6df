// Fan-out: trigger → N parallel HTTP steps against a local endpoint that answers after
// 500 ms. Wall time ÷ 500 ms is 1.0 when siblings truly run in parallel (R4); the endpoint
// also counts how many requests were in flight at once. Run: npm run bench -- fan-out
import type pg from "pg";
import type { Graph } from "../worker/engine/types";
import { benchDatabase, spawnWorker, startGraph, waitForRuns } from "./support/bench-env";
import { sleep } from "./support/cleanup";
import { size } from "./support/options";
import { median, progress, table, type BenchResult } from "./support/report";
import { startSlowEndpoint } from "./support/slow-endpoint";

export const DELAY_MS = 500;
const SIZES = size([5, 10, 50, 200], [5, 10, 50]);
const REPEATS = size(3, 1);
const WORKER_CONCURRENCY = 210;

/** trigger → N independent siblings, each one GET to `url`. */
export function fanOutGraph(n: number, url: string): Graph {
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

interface Sample {
  wall: number;
  maxInFlight: number;
  /** First → last job picked up by the worker (attempt start = claim transaction begins). */
  pickupSpread: number;
  /** First → last request arriving at the endpoint. */
  arrivalSpread: number;
  /** Last answer from the endpoint → run outcome committed. */
  settleAfterLastAnswer: number;
  peakConnections: number;
  /** Warnings and errors the worker logged (e.g. failed tasks that graphile-worker retries). */
  workerProblems: number;
}

/** Samples the number of client connections to Postgres until stopped; returns the peak. */
function sampleConnections(monitor: pg.Pool) {
  let peak = 0;
  let sampling = true;
  const loop = (async () => {
    while (sampling) {
      const { rows } = await monitor.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend'",
      );
      peak = Math.max(peak, rows[0]!.n);
      await sleep(20);
    }
  })().catch(() => {});
  return async () => {
    sampling = false;
    await loop;
    return peak;
  };
}

export async function benchFanOut(): Promise<BenchResult> {
  const endpoint = await startSlowEndpoint(DELAY_MS);
  const db = await benchDatabase();
  const rows: (string | number)[][] = [];
  const diagnostics: (string | number)[][] = [];
  try {
    const worker = await spawnWorker(db.url, {
      SWITCHYARD_WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
    });
    // Diagnostics: client connections to Postgres, sampled while a fan-out runs.
    const monitor = db.pgPool(1);
    try {
      const maxConnections = Number(
        (await monitor.query<{ max_connections: string }>("SHOW max_connections")).rows[0]!
          .max_connections,
      );
      // Warm-up: the worker's first steps pay for module loading and pool connections.
      await waitForRuns(db.prisma, [
        await startGraph(db.prisma, fanOutGraph(5, endpoint.url), "warm-up"),
      ]);
      for (const n of SIZES) {
        const samples: Sample[] = [];
        for (let i = 0; i < REPEATS; i++) {
          endpoint.reset();
          const stopSampling = sampleConnections(monitor);
          const problemsBefore = worker.problems().count;
          const started = Date.now();
          const runId = await startGraph(db.prisma, fanOutGraph(n, endpoint.url), `fan-out-${n}`);
          const [run] = await waitForRuns(db.prisma, [runId], 120_000);
          const peakConnections = await stopSampling();
          const w = endpoint.window();
          if (run!.status !== "succeeded" || w.completed !== n) {
            throw new Error(
              `fan-out N=${n}: run ${run!.status}, endpoint answered ${w.completed} of ${n}`,
            );
          }
          const starts = run!.attempts.map((a) => a.startedAt.getTime());
          const sample: Sample = {
            // From the request to start until the run's outcome was committed.
            wall: run!.endedAt!.getTime() - started,
            maxInFlight: w.maxInFlight,
            pickupSpread: Math.max(...starts) - Math.min(...starts),
            arrivalSpread: Math.max(...w.arrivals) - Math.min(...w.arrivals),
            settleAfterLastAnswer: run!.endedAt!.getTime() - w.lastAnswer,
            peakConnections,
            workerProblems: worker.problems().count - problemsBefore,
          };
          samples.push(sample);
          progress(
            `fan-out N=${n} #${i + 1}: ${sample.wall} ms, max ${sample.maxInFlight} in flight`,
          );
        }
        const wall = median(samples.map((s) => s.wall));
        const pick = (f: (s: Sample) => number) => median(samples.map(f));
        rows.push([n, wall, wall / DELAY_MS, `${pick((s) => s.maxInFlight)} of ${n}`]);
        diagnostics.push([
          n,
          pick((s) => s.pickupSpread),
          pick((s) => s.arrivalSpread),
          pick((s) => s.settleAfterLastAnswer),
          `${pick((s) => s.peakConnections)} / ${maxConnections}`,
          pick((s) => s.workerProblems),
        ]);
      }
    } finally {
      await monitor.end();
      await worker.stop();
      const problems = worker.problems();
      if (problems.count > 0) {
        progress(
          `worker logged ${problems.count} warning(s)/error(s), e.g. ${problems.examples[0]}`,
        );
      }
    }
  } finally {
    await db.stop();
    await endpoint.close();
  }
  const metrics: Record<string, number> = {};
  for (const row of rows) metrics[`ratio_n${row[0] as number}`] = row[2] as number;
  const result = table(
    [
      "N parallel steps",
      `wall ms (median of ${REPEATS})`,
      "wall ÷ 500 ms (ideal 1.0)",
      "max in flight at the endpoint",
    ],
    rows,
  );
  console.log(`\nWorker concurrency ${WORKER_CONCURRENCY}. Diagnostics (medians; ms):\n`);
  const diag = table(
    [
      "N",
      "jobs picked up, first → last",
      "calls arriving, first → last",
      "last answer → run settled",
      "peak Postgres connections / max",
      "worker warnings/errors",
    ],
    diagnostics,
  );
  return { markdown: `${result}\n\n${diag}`, metrics };
}
