import { afterAll, beforeAll, expect, it } from "vitest";
import { startFakeApi, type FakeApi } from "../fakes/fake-api";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { graph, httpNode } from "../support/graphs";
import { startGraphRun, waitForNodeState, waitForRunEnd } from "../support/runs";
import { waitFor } from "../support/wait-for";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";

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

it("R10: a worker SIGKILLed mid-step is recovered by another worker; each side effect happens once per idempotency key", async () => {
  const u = (path: string) => `${api.url}${path}`;
  // The first call to /crash/step hangs long enough for the kill; the re-run answers at once.
  api.script("/crash/step", [{ delayMs: 10_000, json: { id: 1 } }, { json: { id: 1 } }]);
  api.script("/crash/before", [{ json: { ok: true } }]);
  api.script("/crash/after", [{ json: { ok: true } }]);

  const first = await spawnWorker(db.url);
  workers.push(first);
  const runId = await startGraphRun(
    db.prisma,
    graph(
      [
        httpNode("before", u("/crash/before")),
        httpNode("step", u("/crash/step"), { timeoutMs: 60_000 }),
        httpNode("after", u("/crash/after")),
      ],
      [
        ["trigger", "before"],
        ["trigger", "step"],
        ["step", "after"],
      ],
    ),
  );
  await waitForNodeState(db.prisma, runId, "before", ["succeeded"]);
  await waitFor(() => api.requestsTo("/crash/step").length === 1, 10_000, "step in flight");

  await first.kill();
  const killedAt = Date.now();
  const second = await spawnWorker(db.url);
  workers.push(second);

  const run = await waitForRunEnd(db.prisma, runId, 30_000);
  expect(run.status).toBe("succeeded");

  const attempts = run.attemptsOf("step");
  expect(attempts.map((a) => [a.number, a.outcome, a.errorClass])).toEqual([
    [1, "abandoned", "worker_lost"],
    [2, "succeeded", null],
  ]);
  expect(new Set(attempts.map((a) => a.idempotencyKey)).size).toBe(1);

  // Exactly one side effect per idempotency key, none lost, none doubled.
  const key = (node: string) => `${runId}:${node}:1`;
  expect(api.sideEffects.get(key("step"))).toBe(1);
  expect(api.sideEffects.get(key("before"))).toBe(1);
  expect(api.sideEffects.get(key("after"))).toBe(1);
  expect(api.requestsTo("/crash/before")).toHaveLength(1);
  expect(api.requestsTo("/crash/after")).toHaveLength(1);

  // With a 2 s dead-after window the step restarted within seconds, not 4 hours.
  const retried = api.requestsTo("/crash/step")[1]!;
  expect(retried.startedAt - killedAt).toBeLessThan(15_000);
  console.log(`recovered ${retried.startedAt - killedAt} ms after SIGKILL (dead-after 2000 ms)`);
});

it("R10: jobs a SIGKILLed worker had fetched but not started come back as soon as its running one", async () => {
  const steps = ["s0", "s1", "s2", "s3"];
  // Whichever step the worker starts first hangs until the kill; later calls answer at once.
  api.script("/held", [
    { delayMs: 10_000, json: { ok: 1 } },
    ...steps.map(() => ({ json: { ok: 1 } })),
  ]);
  const calls = () => api.requestsTo("/held");
  await Promise.all(workers.splice(0).map((w) => w.stop())); // the only worker at first
  // One slot, a batch of four: one step runs, the other three wait in its local queue,
  // locked by the process (crash detection stays at the test's 2 s for the survivor).
  const holder = await spawnWorker(db.url, {
    SWITCHYARD_WORKER_CONCURRENCY: "1",
    SWITCHYARD_WORKER_FETCH_BATCH: "4",
    SWITCHYARD_WORKER_DEAD_AFTER_MS: "20000",
  });
  workers.push(holder);
  const runId = await startGraphRun(
    db.prisma,
    graph(
      steps.map((id) => httpNode(id, `${api.url}/held`, { timeoutMs: 60_000 })),
      steps.map((id) => ["trigger", id] as [string, string]),
    ),
  );
  await waitFor(() => calls().length === 1, 10_000, "one step in flight");
  const [held] = await db.prisma.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM graphile_worker.jobs
    WHERE task_identifier = 'run_node' AND locked_by IS NOT NULL`;
  expect(held!.count).toBe(4);

  await holder.kill();
  const killedAt = Date.now();
  workers.push(await spawnWorker(db.url));
  const run = await waitForRunEnd(db.prisma, runId, 30_000);
  expect(run.status).toBe("succeeded");
  const outcomes = steps.map((id) =>
    run
      .attemptsOf(id)
      .map((a) => a.outcome)
      .join(","),
  );
  expect(outcomes.sort()).toEqual(["abandoned,succeeded", "succeeded", "succeeded", "succeeded"]);
  expect(calls()).toHaveLength(5);
  for (const call of calls().slice(1)) expect(call.startedAt - killedAt).toBeLessThan(15_000);
  for (const id of steps) expect(api.sideEffects.get(`${runId}:${id}:1`)).toBe(1);
});

it("R10: a live worker's step that runs longer than the dead-after window is not taken over", async () => {
  api.script("/long/step", [{ delayMs: 4_000, json: { ok: true } }]);
  const worker = await spawnWorker(db.url);
  workers.push(worker);
  const runId = await startGraphRun(
    db.prisma,
    graph([httpNode("long", `${api.url}/long/step`, { timeoutMs: 60_000 })], [["trigger", "long"]]),
  );
  const run = await waitForRunEnd(db.prisma, runId, 30_000);
  expect(run.status).toBe("succeeded");
  // The heartbeat vouched for the job's lock (dead-after is 2 s): one attempt, one call.
  expect(run.attemptsOf("long").map((a) => a.outcome)).toEqual(["succeeded"]);
  expect(api.requestsTo("/long/step")).toHaveLength(1);
});
