import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { graph, httpNode } from "../support/graphs";
import { startGraphRun } from "../support/runs";
import { waitFor } from "../support/wait-for";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";

// Crash, 30 times: SIGKILL a worker at a random moment during a load of runs with
// side-effecting steps, start a new one. Every run ends, none is lost, and every
// step's side effect happens once per idempotency key at a provider that, like
// real ones, replays the first answer for a repeated key.
const KILLS = 30;
let db: TestDatabase;
let provider: Server;
let providerUrl: string;
const effects = new Map<string, number>(); // key → effects performed (must be 1)
const deliveries = new Map<string, number>(); // key → requests received (≥ 1)
const workers = new Set<WorkerProcess>();

beforeAll(async () => {
  db = await createTestDatabase();
  provider = createServer((req, res) => {
    const key = String(req.headers["idempotency-key"] ?? "");
    deliveries.set(key, (deliveries.get(key) ?? 0) + 1);
    if (!effects.has(key)) effects.set(key, 1); // performed on arrival, once per key
    const timer = setTimeout(() => res.end(JSON.stringify({ key })), 100 + Math.random() * 400);
    res.on("close", () => clearTimeout(timer));
  });
  await new Promise<void>((r) => provider.listen(0, "127.0.0.1", r));
  providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await Promise.allSettled([...workers].map((w) => w.stop()));
  provider?.close();
  await db?.drop();
});

const steps = () =>
  graph(
    [
      httpNode("a", `${providerUrl}/a`),
      httpNode("b", `${providerUrl}/b`),
      httpNode("c", `${providerUrl}/c`),
    ],
    [
      ["trigger", "a"],
      ["trigger", "b"],
      ["a", "c"],
    ],
  );

it(`survives ${KILLS} SIGKILLs mid-load: every run ends, every step's effect once per key`, async () => {
  for (let i = 0; i < 2; i++) workers.add(await spawnWorker(db.url));
  const runIds: string[] = [];
  for (let kill = 0; kill < KILLS; kill++) {
    for (let i = 0; i < 2; i++) runIds.push(await startGraphRun(db.prisma, steps()));
    await new Promise((r) => setTimeout(r, 200 + Math.random() * 800));
    const victim = [...workers][Math.floor(Math.random() * workers.size)]!;
    workers.delete(victim);
    await victim.kill();
    workers.add(await spawnWorker(db.url));
  }
  await waitFor(
    async () =>
      (await db.prisma.run.count({ where: { id: { in: runIds }, status: "running" } })) === 0,
    180_000,
    "every run ended",
  );

  const runs = await db.prisma.run.findMany({
    where: { id: { in: runIds } },
    include: { attempts: true },
  });
  expect(runs.map((r) => r.status).filter((s) => s !== "succeeded")).toEqual([]);
  for (const run of runs) {
    for (const nodeId of ["a", "b", "c"]) {
      const key = `${run.id}:${nodeId}:1`;
      const attempts = run.attempts.filter((a) => a.nodeId === nodeId);
      expect(new Set(attempts.map((a) => a.idempotencyKey))).toEqual(new Set([key]));
      expect(attempts.filter((a) => a.outcome === "succeeded")).toHaveLength(1);
      expect(effects.get(key)).toBe(1);
    }
  }
  const redelivered = [...deliveries.values()].filter((n) => n > 1).length;
  const abandoned = runs.flatMap((r) => r.attempts).filter((a) => a.outcome === "abandoned").length;
  console.log(
    `${runs.length} runs, ${runs.length * 3} steps, ${KILLS} kills: ${abandoned} attempts abandoned and re-run, ` +
      `${redelivered} keys delivered more than once (deduplicated by key), 0 lost`,
  );
}, 600_000);
