import { afterAll, beforeAll, expect, it } from "vitest";
import { createPrismaClient, type PrismaClient } from "../../prisma/client";
import { startFakeApi, type FakeApi } from "../fakes/fake-api";
import { saveAutomation } from "../support/automations";
import { graph, httpNode } from "../support/graphs";
import {
  startRestartablePostgres,
  type RestartablePostgres,
} from "../support/restartable-postgres";
import { waitFor } from "../support/wait-for";
import { startWebApp, type WebApp } from "../support/web-app";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";

// Postgres restarts while webhooks keep arriving at the product's front (the intake
// process before the built Next.js server, as npm start runs them) and a worker starts
// and runs what they bring. A 202 means the event is committed: every accepted event
// gets its run, and every run ends. While the database is away the app
// refuses clearly (503 + Retry-After, so senders retry) and it recovers by itself. Its own
// Postgres (startRestartablePostgres), so the restart disturbs no other test.
let pg: RestartablePostgres;
let prisma: PrismaClient;
let api: FakeApi;
let web: WebApp;
let worker: WorkerProcess;

beforeAll(async () => {
  pg = await startRestartablePostgres("hooks-restart");
  prisma = createPrismaClient(pg.url);
  api = await startFakeApi();
  [web, worker] = await Promise.all([startWebApp({ DATABASE_URL: pg.url }), spawnWorker(pg.url)]);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([web?.stop(), worker?.stop()]);
  await prisma?.$disconnect();
  await api?.close();
  await pg?.destroy();
});

it("no accepted webhook is lost across a database restart; refusals are 503s; intake recovers", async () => {
  const g = graph([httpNode("notify", `${api.url}/echo`)], [["trigger", "notify"]]);
  g.nodes[0]!.trigger = { kind: "webhook", webhook: {} };
  const { automation } = await saveAutomation(prisma, g);
  const hook = `${web.url}/hooks/${automation.webhookToken}`;

  const accepted = new Map<number, string>();
  const refused: { n: number; status: number; retryAfter: string | null }[] = [];
  let sending = true;
  let next = 0;
  const sender = async () => {
    while (sending) {
      const n = next++;
      const res = await fetch(hook, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ n }),
        signal: AbortSignal.timeout(20_000),
      }).catch(() => null);
      if (res?.status === 202) accepted.set(n, ((await res.json()) as { eventId: string }).eventId);
      else {
        refused.push({
          n,
          status: res?.status ?? 0,
          retryAfter: res?.headers.get("retry-after") ?? null,
        });
        await res?.body?.cancel();
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  const senders = Promise.all([sender(), sender(), sender()]);

  await waitFor(() => accepted.size >= 20, 30_000, "webhooks accepted before the restart");
  await pg.restart(3_000);
  const acceptedAtRestart = accepted.size;
  await waitFor(
    () => accepted.size >= acceptedAtRestart + 20,
    60_000,
    "intake accepts again after the restart",
  );
  sending = false;
  await senders;

  // During the outage the app said "try again", never a bare 500 or a dropped connection.
  expect(refused.length).toBeGreaterThan(0);
  const unclear = refused.filter((r) => r.status !== 503 || r.retryAfter !== "5");
  expect(unclear, web.output().slice(-4000)).toEqual([]);

  // The worker rode out the restart (a connection error nobody listened to once ended it).
  expect(worker.child.exitCode ?? worker.child.signalCode, worker.output().slice(-4000)).toBeNull();

  // Every 202 is a stored event that gets its run, and every run ends.
  const eventIds = [...accepted.values()];
  await waitFor(
    async () =>
      (await prisma.webhookEvent.count({
        where: { id: { in: eventIds }, runId: { not: null } },
      })) === eventIds.length,
    90_000,
    "every accepted event started its run",
  ).catch(async (err: Error) => {
    throw new Error(`${err.message}\n${await whyEventsLackRuns(eventIds)}`);
  });
  const events = await prisma.webhookEvent.findMany({ where: { id: { in: eventIds } } });
  const runIds = events.map((e) => e.runId!);
  const runs = await prisma.run.findMany({ where: { id: { in: runIds } } });
  expect(runs).toHaveLength(runIds.length);
  const payloads = new Set(runs.map((r) => (r.triggerPayload as { n: number }).n));
  for (const n of accepted.keys()) expect(payloads.has(n)).toBe(true);
  await waitFor(
    async () =>
      (await prisma.run.count({ where: { id: { in: runIds }, status: "running" } })) === 0,
    90_000,
    "every accepted run ended",
  );
  const statuses = await prisma.run.groupBy({
    by: ["status"],
    where: { id: { in: runIds } },
    _count: true,
  });
  expect(statuses).toEqual([{ status: "succeeded", _count: runIds.length }]);
  console.info(
    `webhooks: ${accepted.size} accepted (all with runs, all succeeded), ${refused.length} refused with 503 during the restart`,
  );
}, 240_000);

/** The events still without a run, their start jobs' state and the worker's last output. */
async function whyEventsLackRuns(eventIds: string[]): Promise<string> {
  const waiting = await prisma.webhookEvent.findMany({
    where: { id: { in: eventIds }, runId: null },
    select: { id: true, handledAt: true },
  });
  const jobs = await prisma.$queryRaw<unknown[]>`
    SELECT j.id::text AS id, j.payload->>'eventId' AS "eventId", j.attempts, j.max_attempts,
           j.run_at, j.locked_at, j.locked_by, j.last_error
    FROM graphile_worker._private_jobs j
    JOIN graphile_worker._private_tasks t ON t.id = j.task_id
    WHERE t.identifier = 'start_webhook_run'
      AND j.payload->>'eventId' = ANY(${waiting.map((e) => e.id)}::text[])`;
  const heartbeats = await prisma.workerHeartbeat.findMany();
  const { exitCode, signalCode } = worker.child;
  const alive = exitCode === null && signalCode === null;
  return [
    `worker process: ${alive ? "running" : `exited (${exitCode ?? signalCode})`}`,
    `events without a run: ${JSON.stringify(waiting)}`,
    `their jobs: ${JSON.stringify(jobs, null, 1)}`,
    `heartbeats: ${JSON.stringify(heartbeats)}`,
    `now: ${new Date().toISOString()}`,
    `worker output:\n${worker.output().slice(-12_000)}`,
  ].join("\n");
}
