// Webhook intake under load: POST /hooks/<token> on the intake process (worker/intake,
// `npm run intake`, as production runs it), beside a floor — node:http + pg inserting a
// row and calling graphile_worker.add_job in one transaction (support/intake-floor.ts) —
// in the same run, on the same database. autocannon on loopback: requests/s of accepted
// webhooks at saturation (50 connections), and latency at an offered 500 req/s. Every
// accepted (2xx) webhook must be committed: events are counted after each phase. No worker
// runs then, so this measures accepting only. Targets: ≥ 70 % of the floor's req/s; p99 at
// 500 req/s < 50 ms. Then, with a worker: how soon an accepted event's first step starts,
// beside a run started directly (startRun) — the inbox adds one job hop.
// Run: npm run bench -- intake
import autocannon from "autocannon";
import type { Graph } from "../worker/engine/types";
import { makeWorkerUtils } from "graphile-worker";
import { startRun } from "../worker/runs/start-run";
import { START_WEBHOOK_RUN_TASK } from "../worker/queue/webhook-jobs";
import {
  BENCH_SECRETS_ENV,
  benchDatabase,
  repoRoot,
  saveGraph,
  spawnWorker,
  type BenchDatabase,
} from "./support/bench-env";
import { sleep } from "./support/cleanup";
import { size } from "./support/options";
import { groupCpuSeconds, spawnProcess } from "./support/processes";
import { fmt, progress, table, type BenchResult } from "./support/report";

const CONNECTIONS = 50;
/** The job the floor enqueues (support/intake-floor.ts, its own process). */
const FLOOR_TASK = "bench_intake";
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

const NOOP_GRAPH: Graph = {
  nodes: [
    { id: "trigger", type: "trigger", trigger: { kind: "webhook", webhook: {} } },
    { id: "noop", type: "action", action: "util.pass_data", input: { data: "noop" } },
  ],
  edges: [{ from: "trigger", to: "noop", kind: "dependent" }],
};

async function webhookToken(db: BenchDatabase, name: string) {
  const saved = await saveGraph(db.prisma, NOOP_GRAPH, name);
  const automation = await db.prisma.automation.findUniqueOrThrow({
    where: { id: saved.automationId },
  });
  if (!automation.webhookToken) throw new Error("saving a webhook trigger gave no token");
  return { ...saved, token: automation.webhookToken };
}

/** The intake process on its own (no web app behind it), with the production defaults. */
async function startIntakeProcess(db: BenchDatabase) {
  const intake = spawnProcess({
    name: "intake",
    command: process.execPath,
    args: ["scripts/intake.ts"],
    cwd: repoRoot,
    env: {
      ...process.env,
      ...BENCH_SECRETS_ENV,
      NODE_ENV: "production",
      DATABASE_URL: db.url,
      HOST: "127.0.0.1",
      PORT: "0",
      // Counted as in production, but never reached: the quota's cost is part of the figure.
      SWITCHYARD_WEBHOOK_QUOTA_PER_MINUTE: "1000000000",
    },
  });
  const url = (await intake.waitForOutput(/webhook intake on (http:\/\/[0-9.:]+)/, 60_000))[1]!;
  return { url, pid: intake.pid, stop: () => intake.stop() };
}

async function switchyardTarget(db: BenchDatabase): Promise<Target & { base: string }> {
  const { automationId, token } = await webhookToken(db, "intake");
  const intake = await startIntakeProcess(db);
  return {
    base: intake.url,
    name: "Switchyard (intake process, POST /hooks/<token>)",
    url: `${intake.url}/hooks/${token}`,
    pgid: intake.pid,
    committed: () => db.prisma.webhookEvent.count({ where: { automationId } }),
    stop: intake.stop,
  };
}

const LATENCY_SAMPLES = size(100, 20);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** The first step's first attempt of a run, once it exists (polled every 2 ms). */
async function firstAttemptAt(db: BenchDatabase, runId: () => Promise<string | null>) {
  const deadline = Date.now() + 30_000;
  let id: string | null = null;
  while (Date.now() < deadline) {
    id ??= await runId();
    const attempt = id
      ? await db.prisma.attempt.findFirst({
          where: { runId: id, nodeId: "noop", number: 1 },
          select: { startedAt: true },
        })
      : null;
    if (attempt) return attempt.startedAt.getTime();
    await sleep(2);
  }
  throw new Error("a first step did not start within 30 s");
}

/** p50/p99 of `samples` delays, after a few unmeasured warm-up ones. */
async function delays(samples: number, one: () => Promise<number>) {
  for (let i = 0; i < 5; i += 1) await one();
  const measured: number[] = [];
  for (let i = 0; i < samples; i += 1) measured.push(await one());
  measured.sort((a, b) => a - b);
  return { p50: percentile(measured, 50), p99: percentile(measured, 99) };
}

/**
 * Event commit → first step start, for webhooks through the inbox and for runs started
 * directly in one transaction (today's API start): one start at a time, each waiting for
 * its first step, with a worker running — latency, not queueing.
 */
async function startLatency(db: BenchDatabase, intakeUrl: string) {
  // The load phases left start jobs and the floor's jobs behind (no worker ran): deleted,
  // and the table vacuumed, or every fetch would walk past them (measured: 40–60 ms).
  const utils = await makeWorkerUtils({ connectionString: db.url });
  try {
    const pool = db.pgPool(1);
    const { rows } = await pool.query<{ id: string }>(
      "SELECT id FROM graphile_worker.jobs WHERE task_identifier = ANY($1)",
      [[START_WEBHOOK_RUN_TASK, FLOOR_TASK]],
    );
    await utils.completeJobs(rows.map((r) => r.id));
    await pool.query("VACUUM graphile_worker._private_jobs");
    await pool.end();
  } finally {
    await utils.release();
  }
  const worker = await spawnWorker(db.url);
  try {
    const hook = await webhookToken(db, "latency-webhook");
    const inbox = await delays(LATENCY_SAMPLES, async () => {
      const res = await fetch(`${intakeUrl}/hooks/${hook.token}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: BODY,
      });
      const { eventId } = (await res.json()) as { eventId: string };
      const event = await db.prisma.webhookEvent.findUniqueOrThrow({ where: { id: eventId } });
      const started = await firstAttemptAt(db, async () => {
        const e = await db.prisma.webhookEvent.findUnique({ where: { id: eventId } });
        return e?.runId ?? null;
      });
      return started - event.receivedAt.getTime();
    });
    progress(`start latency: webhooks p50 ${inbox.p50} ms`);
    const direct = await webhookToken(db, "latency-direct");
    const directDelays = await delays(LATENCY_SAMPLES, async () => {
      const { runId } = await startRun(db.prisma, {
        versionId: direct.versionId,
        ownerId: direct.owner.userId,
        triggerPayload: JSON.parse(BODY),
      });
      const run = await db.prisma.run.findUniqueOrThrow({ where: { id: runId } });
      return (await firstAttemptAt(db, async () => runId)) - run.startedAt!.getTime();
    });
    return { inbox, direct: directDelays };
  } finally {
    await worker.stop();
  }
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

export async function benchIntake(): Promise<BenchResult> {
  const db = await benchDatabase();
  const results: { target: Target; saturation: Phase; rate: Phase }[] = [];
  const targets: Target[] = [];
  let latency: Awaited<ReturnType<typeof startLatency>>;
  try {
    // Both servers run side by side; each is measured while the other is idle.
    const switchyard = await switchyardTarget(db);
    targets.push(switchyard);
    targets.push(await floorTarget(db));
    for (const target of targets) {
      progress(`${target.name}: ${target.url}`);
      results.push({ target, ...(await measure(target)) });
    }
    latency = await startLatency(db, switchyard.base);
  } finally {
    for (const target of targets) await target.stop();
    await db.stop();
  }
  const [sy, floor] = results as [(typeof results)[0], (typeof results)[0]];
  const rps = (p: Phase) => p.accepted / p.result.duration;
  const lost = (p: Phase) => Math.max(0, p.accepted - p.committed);
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
  const latencyText = table(
    ["first step starts after", "p50 ms", "p99 ms"],
    [
      [
        "a webhook's commit (inbox → start_webhook_run → run_node)",
        latency.inbox.p50,
        latency.inbox.p99,
      ],
      ["a direct start's commit (startRun → run_node)", latency.direct.p50, latency.direct.p99],
    ],
  );
  const metrics = {
    ratio_to_floor: rps(sy.saturation) / rps(floor.saturation),
    p99_ms_at_500: sy.rate.result.latency.p99,
    achieved_rps_at_500: rps(sy.rate),
    lost: lost(sy.saturation) + lost(sy.rate),
    first_step_p50_ms_webhook: latency.inbox.p50,
    first_step_p99_ms_webhook: latency.inbox.p99,
    first_step_p50_ms_direct: latency.direct.p50,
    first_step_p99_ms_direct: latency.direct.p99,
  };
  return { markdown: `${text}\n\n${latencyText}`, metrics };
}
