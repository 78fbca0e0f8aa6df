import { afterAll, beforeAll, expect, it } from "vitest";
import { startFakeApi, type FakeApi } from "../fakes/fake-api";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { graph, httpNode } from "../support/graphs";
import { startGraphRun, waitForRunFollowUp } from "../support/runs";
import { waitFor } from "../support/wait-for";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";
import { createMetricsRegistry } from "../../worker/metrics/registry";

// Scale-out: several worker processes share one database and one queue. Work
// spreads over them, every step runs once, and a worker SIGKILLed under load
// loses nothing: the sweeper frees its jobs and the others finish them.

const RUNS = 40;
const FAN_OUT = 5;
const STEP_MS = 300;

let db: TestDatabase;
let api: FakeApi;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  [db, api] = await Promise.all([createTestDatabase(), startFakeApi()]);
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await api?.close();
  await db?.drop();
});

function processIdOf(worker: WorkerProcess): string {
  const id = /worker (\S+) started/.exec(worker.output())?.[1];
  if (!id) throw new Error(`no process id in:\n${worker.output()}`);
  return id;
}

it("3 workers share the load; a SIGKILLed one loses nothing and no side effect doubles", async () => {
  const step = `${api.url}/scale/step`;
  api.script("/scale/step", [{ delayMs: STEP_MS, json: { ok: true } }]);
  // Concurrency 5 each, so no single process can take the whole fan-out of all runs at once.
  // Dead-after 4 s (not the usual 2 s): on a loaded 2-core machine a live worker's
  // heartbeat can lag 2 s, and its frozen steps would be taken over while still running.
  for (let i = 0; i < 3; i++) {
    workers.push(
      await spawnWorker(db.url, {
        SWITCHYARD_WORKER_CONCURRENCY: "5",
        SWITCHYARD_WORKER_DEAD_AFTER_MS: "4000",
      }),
    );
  }
  const [victim, ...survivors] = workers as [WorkerProcess, ...WorkerProcess[]];
  const victimId = processIdOf(victim);

  const branches = Array.from({ length: FAN_OUT }, (_, k) => `s${k}`);
  // A long step timeout: the survivors' requests are held for as long as the freeze lasts.
  const node = (id: string) => httpNode(id, step, { timeoutMs: 120_000 });
  const automation = graph(
    [...branches.map(node), node("join")],
    [
      ...branches.map((id): [string, string] => ["trigger", id]),
      ...branches.map((id): [string, string] => [id, "join"]),
    ],
  );
  const started = Date.now();
  const runIds: string[] = [];
  for (let i = 0; i < RUNS; i++) runIds.push(await startGraphRun(db.prisma, automation, { i }));

  // Freeze the API: requests from now on hang, so once the earlier ones are
  // answered and recorded, no answered-but-unrecorded step exists when the
  // victim dies (that window is what idempotency keys cover at real providers).
  await waitFor(
    async () => (await db.prisma.attempt.count({ where: { workerId: victimId } })) >= 10,
    30_000,
    "victim took work",
  );
  const frozenAt = Date.now();
  let thaw!: () => void;
  const thawed = new Promise<void>((resolve) => (thaw = resolve));
  api.script("/scale/step", [{ heldUntil: thawed, json: { ok: true } }]);
  await waitFor(
    () => api.requests.every((r) => r.startedAt >= frozenAt || r.endedAt !== null),
    10_000,
    "requests before the freeze answered",
  );
  const answeredKeys = api.requests
    .filter((r) => r.startedAt < frozenAt && r.status === 200)
    .map((r) => String(r.headers["idempotency-key"]));
  await waitFor(
    async () =>
      (await db.prisma.attempt.count({
        where: {
          idempotencyKey: { in: answeredKeys },
          outcome: null,
          startedAt: { lt: new Date(frozenAt) },
        },
      })) === 0,
    10_000,
    "answered steps recorded",
  );
  await waitFor(
    async () =>
      (await db.prisma.attempt.count({ where: { workerId: victimId, outcome: null } })) > 0,
    10_000,
    "victim has steps in flight",
  );

  await victim.kill();
  const killedAt = Date.now();
  // Read after the kill: the dead victim can start no more.
  const victimKeys = (
    await db.prisma.attempt.findMany({
      where: { workerId: victimId, outcome: null },
      select: { idempotencyKey: true },
    })
  ).map((a) => a.idempotencyKey);
  // The API must have seen the victim's held calls hang up before answering any: answered
  // after the kill (its socket not yet closed here), such a call would count as done.
  await waitFor(
    () =>
      api.requests
        .filter((r) => victimKeys.includes(String(r.headers["idempotency-key"])))
        .every((r) => r.endedAt !== null),
    10_000,
    "the victim's calls closed",
  );
  api.script("/scale/step", [{ delayMs: STEP_MS, json: { ok: true } }]);
  thaw();

  // Each run's end is followed by its run_settled job: wait for those too, so the queue
  // is empty when the metrics below are read.
  const runs = await Promise.all(runIds.map((id) => waitForRunFollowUp(db.prisma, id, 90_000)));
  const elapsedMs = Date.now() - started;
  expect(runs.map((r) => r.status)).toEqual(runIds.map(() => "succeeded"));

  // Every node ran to success exactly once, and its side effect happened once.
  const attempts = runs.flatMap((r) => r.attempts);
  const succeeded = attempts.filter((a) => a.outcome === "succeeded");
  expect(succeeded).toHaveLength(RUNS * (FAN_OUT + 1));
  expect(new Set(succeeded.map((a) => a.idempotencyKey)).size).toBe(RUNS * (FAN_OUT + 1));
  for (const run of runs) {
    for (const nodeId of [...branches, "join"]) {
      const tried = run.attemptsOf(nodeId).map((a) => `${a.workerId} ${a.outcome} ${a.errorClass}`);
      expect(api.sideEffects.get(`${run.id}:${nodeId}:1`), `${nodeId}: ${tried.join("; ")}`).toBe(
        1,
      );
    }
  }
  expect(api.sideEffects.size).toBe(RUNS * (FAN_OUT + 1));

  // The victim's unfinished steps were abandoned and finished by the others.
  const abandoned = attempts.filter((a) => a.outcome === "abandoned");
  expect(abandoned.length).toBeGreaterThan(0);
  expect(abandoned.every((a) => a.workerId === victimId && a.errorClass === "worker_lost")).toBe(
    true,
  );
  expect(attempts.filter((a) => a.outcome !== "succeeded" && a.outcome !== "abandoned")).toEqual(
    [],
  );
  const takenOver = succeeded.filter((a) => abandoned.some((b) => b.nodeRunId === a.nodeRunId));
  expect(takenOver).toHaveLength(abandoned.length);
  expect(takenOver.every((a) => a.workerId !== victimId)).toBe(true);
  const resumedAt = Math.max(...takenOver.map((a) => a.startedAt.getTime()));
  expect(resumedAt - killedAt).toBeLessThan(15_000);

  // Work spread over the processes.
  const perWorker = new Map<string, number>();
  for (const a of succeeded)
    perWorker.set(a.workerId ?? "?", (perWorker.get(a.workerId ?? "?") ?? 0) + 1);
  expect(perWorker.size).toBeGreaterThanOrEqual(2);
  for (const survivor of survivors)
    expect(perWorker.get(processIdOf(survivor)) ?? 0).toBeGreaterThan(0);

  // GET /metrics reads the same picture from the database.
  // The last follow-up jobs finish a moment after their runs' reports are marked.
  const registry = createMetricsRegistry(db.prisma, { workerDeadAfterMs: 4_000 });
  let metrics = await registry.scrape();
  for (let i = 0; i < 50 && !metrics.includes(`switchyard_queue_jobs{state="locked"} 0`); i++) {
    await new Promise((r) => setTimeout(r, 100));
    metrics = await registry.scrape();
  }
  const total = RUNS * (FAN_OUT + 1);
  expect(metrics).toContain(
    `switchyard_attempts_total{connector="http",outcome="succeeded"} ${total}`,
  );
  expect(metrics).toContain(
    `switchyard_attempt_failures_total{connector="http",error_class="worker_lost"} ${abandoned.length}`,
  );
  expect(metrics).toMatch(
    /switchyard_step_duration_seconds_bucket\{connector="http",le="\+Inf"\} \d+/,
  );
  expect(metrics).toContain(`switchyard_queue_jobs{state="locked"} 0`);
  expect(metrics).toContain("switchyard_workers_alive 2");

  console.log(
    `scale-out: ${RUNS} runs, ${succeeded.length} steps in ${elapsedMs} ms; ` +
      `succeeded per worker ${JSON.stringify(Object.fromEntries(perWorker))}; ` +
      `victim ${victimId} abandoned ${abandoned.length} step(s), all taken over ` +
      `${Math.min(...takenOver.map((a) => a.startedAt.getTime())) - killedAt}–${resumedAt - killedAt} ms after SIGKILL`,
  );
}, 180_000);
