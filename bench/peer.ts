// Side by side with n8n: the same fan-out — a webhook starts a workflow whose N HTTP steps
// all follow the trigger and each GET a local endpoint that answers after 500 ms — on
// Switchyard and on n8n, in the same run. Wall time: webhook POST sent → the N-th answer
// from the endpoint; the endpoint also counts how many calls were in flight at once.
// n8n (2.x) and Node 24 are installed into bench/.peer/ on first use (support/n8n.ts);
// when that or n8n's start fails, the n8n side is skipped with the reason.
// Run: npm run bench -- peer
import { DELAY_MS, fanOutGraph } from "./fan-out";
import { benchDatabase, saveGraph, spawnWorker, waitForRuns } from "./support/bench-env";
import { sleep } from "./support/cleanup";
import { fanOutWorkflow, PeerUnavailable, startN8n } from "./support/n8n";
import { size } from "./support/options";
import { median, progress, table, type BenchResult } from "./support/report";
import { waitForEventRun } from "../test/support/runs";
import { serveIntake } from "./support/serve-intake";
import { startSlowEndpoint, type SlowEndpoint } from "./support/slow-endpoint";

const SIZES = size([5, 10], [10]);
const REPEATS = size(3, 1);

interface Measured {
  wall: number;
  maxInFlight: number;
}

/** POSTs the webhook, then waits for the endpoint's N-th answer. */
async function fanOutOnce(
  endpoint: SlowEndpoint,
  webhookUrl: string,
  n: number,
  accepted: (status: number) => boolean,
): Promise<{ measured: Measured; body: unknown }> {
  endpoint.reset();
  const sent = Date.now();
  const response = await fetch(webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ bench: "fan-out", n }),
  });
  const body: unknown = await response.json().catch(() => null);
  if (!accepted(response.status)) {
    throw new Error(`webhook ${webhookUrl} answered ${response.status}: ${JSON.stringify(body)}`);
  }
  // n8n runs sibling branches one after another: allow N × 500 ms and then some.
  const w = await endpoint.waitForAnswers(n, 60_000 + n * DELAY_MS * 3);
  return { measured: { wall: w.lastAnswer - sent, maxInFlight: w.maxInFlight }, body };
}

/** One warm-up at N = 5, then REPEATS samples at each size. */
async function sampleSizes(
  label: string,
  run: (n: number) => Promise<Measured>,
): Promise<Map<number, Measured[]>> {
  await run(5);
  const results = new Map<number, Measured[]>();
  for (const n of SIZES) {
    const samples: Measured[] = [];
    for (let i = 0; i < REPEATS; i++) {
      samples.push(await run(n));
      progress(`${label} N=${n} #${i + 1}: ${samples.at(-1)!.wall} ms`);
    }
    results.set(n, samples);
  }
  return results;
}

async function switchyardSide(endpoint: SlowEndpoint): Promise<Map<number, Measured[]>> {
  const db = await benchDatabase();
  try {
    const worker = await spawnWorker(db.url, { SWITCHYARD_WORKER_CONCURRENCY: "60" });
    const intake = await serveIntake(db.url);
    try {
      const hooks = new Map<number, string>();
      for (const n of [...new Set([5, ...SIZES])]) {
        const graph = fanOutGraph(n, endpoint.url);
        graph.nodes[0]!.trigger = { kind: "webhook", webhook: {} };
        const saved = await saveGraph(db.prisma, graph, `peer-fan-out-${n}`);
        const { webhookToken } = await db.prisma.automation.findUniqueOrThrow({
          where: { id: saved.automationId },
        });
        hooks.set(n, `${intake.url}/hooks/${webhookToken}`);
      }
      const run = async (n: number) => {
        const { measured, body } = await fanOutOnce(endpoint, hooks.get(n)!, n, (s) => s === 202);
        const runId = await waitForEventRun(db.prisma, (body as { eventId: string }).eventId);
        const [settled] = await waitForRuns(db.prisma, [runId], 60_000);
        if (settled!.status !== "succeeded") throw new Error(`Switchyard run ${settled!.status}`);
        return measured;
      };
      return await sampleSizes("Switchyard", run);
    } finally {
      await intake.close();
      await worker.stop();
    }
  } finally {
    await db.stop();
  }
}

async function n8nSide(
  endpoint: SlowEndpoint,
): Promise<{ version: string; results: Map<number, Measured[]> }> {
  const flows = new Map(
    [...new Set([5, ...SIZES])].map((n) => [n, fanOutWorkflow(n, endpoint.url)]),
  );
  const n8n = await startN8n([...flows.values()]);
  try {
    const run = async (n: number) => {
      const { measured } = await fanOutOnce(
        endpoint,
        `${n8n.url}/webhook/${flows.get(n)!.path}`,
        n,
        (s) => s >= 200 && s < 300,
      );
      await sleep(500); // let n8n finish saving the execution before the next one
      return measured;
    };
    return { version: n8n.version, results: await sampleSizes("n8n", run) };
  } finally {
    await n8n.stop();
  }
}

export async function benchPeer(): Promise<BenchResult> {
  const endpoint = await startSlowEndpoint(DELAY_MS);
  let switchyard: Map<number, Measured[]>;
  let peer: { version: string; results: Map<number, Measured[]> } | null = null;
  let skipped: string | null = null;
  try {
    switchyard = await switchyardSide(endpoint);
    try {
      peer = await n8nSide(endpoint);
    } catch (err) {
      if (!(err instanceof PeerUnavailable)) throw err;
      skipped = err.message;
      progress(`n8n side skipped: ${err.message}`);
    }
  } finally {
    await endpoint.close();
  }
  const wall = (s: Measured[] | undefined) => (s ? median(s.map((m) => m.wall)) : NaN);
  const inFlight = (s: Measured[] | undefined, n: number) =>
    s ? `${median(s.map((m) => m.maxInFlight))} of ${n}` : "skipped";
  const rows = SIZES.map((n) => {
    const sy = switchyard.get(n);
    const other = peer?.results.get(n);
    return [
      n,
      wall(sy),
      wall(other),
      other ? `${(wall(other) / wall(sy)).toFixed(2)}` : "skipped",
      inFlight(sy, n),
      inFlight(other, n),
    ];
  });
  const text = table(
    [
      "N parallel HTTP steps",
      `Switchyard wall ms (median of ${REPEATS})`,
      `n8n ${peer?.version ?? ""} wall ms`.replace("  ", " "),
      "n8n ÷ Switchyard",
      "Switchyard max in flight",
      "n8n max in flight",
    ],
    rows,
  );
  console.log(
    `\nWall: webhook POST sent → the N-th answer of the endpoint (each call takes ${DELAY_MS} ms; ` +
      `ideal ${DELAY_MS} ms when all N run at once).`,
  );
  if (skipped) console.log(`\n**n8n skipped:** ${skipped.split("\n")[0]} (details on stderr)`);
  const metrics: Record<string, number> = {};
  for (const n of SIZES) {
    metrics[`switchyard_wall_ms_n${n}`] = wall(switchyard.get(n));
    if (peer) metrics[`n8n_wall_ms_n${n}`] = wall(peer.results.get(n));
  }
  return { markdown: text, metrics };
}
