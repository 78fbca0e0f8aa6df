// Webhook intake under load: POST /hooks/<token> on the Next.js production server (the
// real route, app/hooks/[token]/route.ts), beside a floor — node:http + pg inserting a row
// and calling graphile_worker.add_job in one transaction (support/intake-floor.ts) — in
// the same run, on the same database. autocannon on loopback: requests/s of accepted
// webhooks at saturation (50 connections), and latency at an offered 500 req/s. Every
// accepted (2xx) webhook must be committed: rows are counted after each phase. No worker
// runs, so this measures accepting only. Targets: ≥ 70 % of the floor's req/s; p99 at
// 500 req/s < 50 ms. Run: npm run bench -- intake (needs `npm run build`; runs it if missing)
import autocannon from "autocannon";
import type { Graph } from "../worker/engine/types";
import { benchDatabase, repoRoot, saveGraph, type BenchDatabase } from "./support/bench-env";
import { sleep } from "./support/cleanup";
import { startNextServer } from "./support/next-server";
import { size } from "./support/options";
import { groupCpuSeconds, spawnProcess } from "./support/processes";
import { fmt, progress, table } from "./support/report";

const CONNECTIONS = 50;
const WARM_UP_SECONDS = size(3, 2);
const SATURATION_SECONDS = size(10, 3);
const OFFERED_RATE = 500;
const RATE_SECONDS = size(10, 2);
const BODY = JSON.stringify({
  type: "order.created",
  id: "ord_8f14e45fceea167a",
  amount: 129.5,
  currency: "EUR",
  customer: { id: "cus_42", email: "ada@example.com" },
  items: [
    { sku: "A-1", quantity: 2 },
    { sku: "B-7", quantity: 1 },
  ],
});

interface Phase {
  result: autocannon.Result;
  accepted: number;
  committed: number;
  /** CPU the server's processes used during the phase, in cores (of 2 here). */
  serverCores: number;
}

interface Target {
  name: string;
  url: string;
  /** Process group of the server (for its CPU use). */
  pgid: number;
  /** Rows that accepted webhooks have committed so far. */
  committed(): Promise<number>;
  stop(): Promise<void>;
}

function load(
  label: string,
  url: string,
  options: { amount?: number; duration?: number; overallRate?: number },
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    let responses = 0;
    let seconds = 0;
    const instance = autocannon(
      {
        url,
        method: "POST",
        headers: { "content-type": "application/json" },
        body: BODY,
        connections: CONNECTIONS,
        timeout: 10,
        ...options,
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    instance.on("response", () => (responses += 1));
    instance.on("tick", () => {
      seconds += 1;
      if (seconds % 2 === 0) progress(`${label}: ${seconds} s, ${responses} responses`);
    });
  });
}

/** Row count once nothing is being committed any more. */
async function settledCount(target: Target): Promise<number> {
  let previous = await target.committed();
  for (;;) {
    await sleep(300);
    const now = await target.committed();
    if (now === previous) return now;
    previous = now;
  }
}

async function phase(
  target: Target,
  label: string,
  options: { amount: number; overallRate?: number },
): Promise<Phase> {
  const before = await settledCount(target);
  const cpuBefore = groupCpuSeconds(target.pgid);
  const result = await load(`${target.name} ${label}`, target.url, options);
  const serverCores = (groupCpuSeconds(target.pgid) - cpuBefore) / result.duration;
  const committed = (await settledCount(target)) - before;
  return { result, accepted: result["2xx"], committed, serverCores };
}

async function measure(target: Target) {
  // Warm-up (JIT, pools, the route's first load), also to size the saturation run.
  const warm = await load(`${target.name} warm-up`, target.url, { duration: WARM_UP_SECONDS });
  // The best second of the warm-up: its first seconds include the route's cold start.
  const warmRate = Math.max(warm["2xx"] / Math.max(warm.duration, 0.001), warm.requests.max);
  progress(`${target.name} warm-up: ${warmRate.toFixed(0)} accepted/s`);
  // Fixed request counts rather than durations: autocannon then waits for every answer,
  // so accepted and committed can be compared exactly.
  const saturation = await phase(target, "saturation", {
    amount: Math.max(500, Math.round(warmRate * SATURATION_SECONDS)),
  });
  const rate = await phase(target, `${OFFERED_RATE} req/s`, {
    amount: OFFERED_RATE * RATE_SECONDS,
    overallRate: OFFERED_RATE,
  });
  return { saturation, rate };
}

function problems(p: Phase): string {
  const r = p.result;
  const codes = Object.entries(r.statusCodeStats ?? {})
    .filter(([code]) => !code.startsWith("2"))
    .map(([code, s]) => `${code}×${s.count ?? 0}`);
  const parts = [
    r.non2xx > 0 ? `non-2xx ${r.non2xx}${codes.length > 0 ? ` (${codes.join(", ")})` : ""}` : "",
    r.errors > 0 ? `errors ${r.errors}` : "",
    r.timeouts > 0 ? `timeouts ${r.timeouts}` : "",
  ].filter((s) => s !== "");
  return parts.length > 0 ? parts.join("; ") : "none";
}

const check = (p: Phase) =>
  `${p.accepted} / ${p.committed} ${p.accepted === p.committed ? "✓" : "✗ MISMATCH"}`;

async function switchyardTarget(db: BenchDatabase): Promise<Target> {
  const graph: Graph = {
    nodes: [
      { id: "trigger", type: "trigger", trigger: { kind: "webhook", webhook: {} } },
      { id: "noop", type: "action", action: "util.pass_data", input: { data: "noop" } },
    ],
    edges: [{ from: "trigger", to: "noop", kind: "dependent" }],
  };
  const saved = await saveGraph(db.prisma, graph, "intake");
  const automation = await db.prisma.automation.findUniqueOrThrow({
    where: { id: saved.automationId },
  });
  if (!automation.webhookToken) throw new Error("saving a webhook trigger gave no token");
  const web = await startNextServer(db.url);
  return {
    name: "Switchyard (next start, POST /hooks/<token>)",
    url: `${web.url}/hooks/${automation.webhookToken}`,
    pgid: web.pid,
    committed: () => db.prisma.run.count({ where: { automationId: automation.id } }),
    stop: web.stop,
  };
}

async function floorTarget(db: BenchDatabase): Promise<Target> {
  const floor = spawnProcess({
    name: "intake floor",
    command: process.execPath,
    args: ["--import", "tsx", "bench/support/intake-floor.ts"],
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: db.url, POOL_SIZE: "10" },
  });
  const port = (await floor.waitForOutput(/listening (\d+)/, 60_000))[1];
  const pool = db.pgPool(1);
  return {
    name: "floor (node:http + pg, one transaction)",
    url: `http://127.0.0.1:${port}/hooks/floor`,
    pgid: floor.pid,
    committed: async () =>
      Number(
        (await pool.query<{ n: string }>("SELECT count(*) AS n FROM bench_intake")).rows[0]!.n,
      ),
    async stop() {
      await pool.end();
      await floor.stop();
    },
  };
}

export async function benchIntake(): Promise<string> {
  const db = await benchDatabase();
  const results: { target: Target; saturation: Phase; rate: Phase }[] = [];
  const targets: Target[] = [];
  try {
    // Both servers run side by side; each is measured while the other is idle.
    targets.push(await switchyardTarget(db));
    targets.push(await floorTarget(db));
    for (const target of targets) {
      progress(`${target.name}: ${target.url}`);
      results.push({ target, ...(await measure(target)) });
    }
  } finally {
    for (const target of targets) await target.stop();
    await db.stop();
  }
  const [sy, floor] = results as [(typeof results)[0], (typeof results)[0]];
  const rps = (p: Phase) => p.accepted / p.result.duration;
  const rows = results.map(({ target, saturation, rate }) => [
    target.name,
    rps(saturation),
    saturation.result.latency.p99,
    saturation.serverCores,
    `${fmt(rate.result.latency.p99)} (${fmt(rps(rate))} req/s achieved)`,
    check(saturation),
    check(rate),
    `${problems(saturation)} / ${problems(rate)}`,
  ]);
  rows.push([
    "Switchyard ÷ floor (target ≥ 70 %)",
    `${((100 * rps(sy.saturation)) / rps(floor.saturation)).toFixed(0)} %`,
    "",
    "",
    `target < 50 ms: ${sy.rate.result.latency.p99 < 50 ? "met" : "missed"}`,
    "",
    "",
    "",
  ]);
  const matched = results.every(
    (r) => r.saturation.accepted === r.saturation.committed && r.rate.accepted === r.rate.committed,
  );
  const text = table(
    [
      "target",
      `accepted req/s at saturation (${CONNECTIONS} conn.)`,
      "p99 ms at saturation",
      "server CPU at saturation, cores",
      `p99 ms at ${OFFERED_RATE} req/s offered`,
      "accepted / committed, saturation",
      `accepted / committed, ${OFFERED_RATE} req/s`,
      "non-2xx, errors, timeouts (saturation / rate)",
    ],
    rows,
  );
  if (!matched) throw new Error("accepted and committed counts differ (see the table)");
  return text;
}
