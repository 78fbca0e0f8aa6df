import { afterAll, beforeAll, expect, it } from "vitest";
import { startFakeApi, type FakeApi } from "../fakes/fake-api";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { graph, httpNode } from "../support/graphs";
import { startGraphRun, waitForNodeState, waitForRow, waitForRunEnd } from "../support/runs";
import { waitFor } from "../support/wait-for";
import { spawnWorker, TEST_WORKER_ENV, type WorkerProcess } from "../support/worker-process";
import { getRun } from "../../worker/runs/get-run";

// getRun judges liveness by the workers' dead-after window.
process.env.SWITCHYARD_WORKER_DEAD_AFTER_MS = TEST_WORKER_ENV.SWITCHYARD_WORKER_DEAD_AFTER_MS;

// Worker groups (docs/deploy.md, "Worker groups"): steps naming a group run only on that
// group's workers, the others only on the default group's; each attempt records the
// process that ran it.

let db: TestDatabase;
let api: FakeApi;
let central: WorkerProcess;
let onprem: WorkerProcess;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  [db, api] = await Promise.all([createTestDatabase(), startFakeApi()]);
  [central, onprem] = await Promise.all([
    spawnWorker(db.url),
    spawnWorker(db.url, {}, ["--group", "eu-onprem"]),
  ]);
  workers.push(central, onprem);
}, 90_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await api?.close();
  await db?.drop();
});

it("a graph split between two groups runs each step only on its group's worker", async () => {
  const u = (path: string) => `${api.url}${path}`;
  for (const path of ["/central", "/query", "/lookup", "/after"]) {
    api.script(path, [{ json: { ok: true } }]);
  }
  const inGroup = { runsOn: "eu-onprem" };
  const runIds: string[] = [];
  for (let i = 0; i < 4; i++) {
    runIds.push(
      await startGraphRun(
        db.prisma,
        graph(
          [
            httpNode("central", u("/central")),
            httpNode("query", u("/query"), inGroup),
            httpNode("lookup", u("/lookup"), inGroup),
            httpNode("after", u("/after")),
          ],
          [
            ["trigger", "central"],
            ["central", "query"],
            ["trigger", "lookup"],
            ["query", "after"],
          ],
        ),
      ),
    );
  }
  for (const runId of runIds) {
    const run = await waitForRunEnd(db.prisma, runId, 30_000);
    expect(run.status).toBe("succeeded");
    const ranOn = (id: string) => run.attemptsOf(id).map((a) => a.workerId);
    expect(ranOn("central")).toEqual([central.processId]);
    expect(ranOn("after")).toEqual([central.processId]);
    expect(ranOn("query")).toEqual([onprem.processId]);
    expect(ranOn("lookup")).toEqual([onprem.processId]);
  }
  // Both heartbeats say which groups they serve.
  const beats = await db.prisma.workerHeartbeat.findMany({ select: { id: true, groups: true } });
  expect(new Map(beats.map((b) => [b.id, b.groups]))).toEqual(
    new Map([
      [central.processId, ["default"]],
      [onprem.processId, ["eu-onprem"]],
    ]),
  );
}, 60_000);

it("a group's only worker killed mid-step: the step waits visibly, the owner is told once, a new worker of the group resumes it with the same idempotency key", async () => {
  const u = (path: string) => `${api.url}${path}`;
  // The first call hangs long enough for the kill; the re-run answers at once.
  api.script("/wait/query", [{ delayMs: 20_000, json: { rows: 3 } }, { json: { rows: 3 } }]);
  api.script("/wait/sibling", [{ delayMs: 3_000, json: { ok: true } }]);
  api.script("/wait/after", [{ json: { ok: true } }]);
  const runId = await startGraphRun(
    db.prisma,
    graph(
      [
        httpNode("query", u("/wait/query"), {
          runsOn: "eu-onprem",
          name: "Query customers",
          timeoutMs: 60_000,
        }),
        httpNode("sibling", u("/wait/sibling"), { name: "Post to chat" }),
        httpNode("after", u("/wait/after")),
      ],
      [
        ["trigger", "query"],
        ["trigger", "sibling"],
        ["query", "after"],
      ],
    ),
  );
  await waitFor(() => api.requestsTo("/wait/query").length === 1, 15_000, "group step in flight");
  await onprem.kill();

  // R4: the sibling in the default group runs on while the group has no worker.
  await waitForNodeState(db.prisma, runId, "sibling", ["succeeded"]);
  await waitFor(
    async () =>
      (await getRun(db.prisma, runId)).nodeRuns.find((n) => n.nodeId === "query")
        ?.waitingForGroup === "eu-onprem",
    15_000,
    "the step shown waiting for a worker in eu-onprem",
  );
  const notice = await waitForRow(
    () => db.prisma.notification.findFirst({ where: { runId, kind: "worker_group_waiting" } }),
    "the owner's notice",
  );
  expect(notice.title).toMatch(/is waiting for a worker in eu-onprem/);
  expect(notice.body).toMatch(/"Query customers" runs on the worker group eu-onprem/);
  // Told once, however many heartbeats pass.
  await new Promise((r) => setTimeout(r, 1_500));
  expect(
    await db.prisma.notification.count({ where: { runId, kind: "worker_group_waiting" } }),
  ).toBe(1);
  expect(
    await db.prisma.outboxEmail.count({ where: { runId, kind: "worker_group_waiting" } }),
  ).toBe(1);
  expect((await db.prisma.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("running");

  const replacement = await spawnWorker(db.url, { SWITCHYARD_WORKER_GROUPS: "eu-onprem" });
  workers.push(replacement);
  const run = await waitForRunEnd(db.prisma, runId, 30_000);
  expect(run.status).toBe("succeeded");
  const attempts = run.attemptsOf("query");
  expect(attempts.map((a) => [a.outcome, a.workerId])).toEqual([
    ["abandoned", onprem.processId],
    ["succeeded", replacement.processId],
  ]);
  expect(new Set(attempts.map((a) => a.idempotencyKey))).toEqual(new Set([`${runId}:query:1`]));
  expect(api.sideEffects.get(`${runId}:query:1`)).toBe(1);
  expect(run.attemptsOf("after").map((a) => a.workerId)).toEqual([central.processId]);
}, 90_000);
