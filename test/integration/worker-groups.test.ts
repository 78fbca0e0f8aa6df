import { afterAll, beforeAll, expect, it } from "vitest";
import { startFakeApi, type FakeApi } from "../fakes/fake-api";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { graph, httpNode } from "../support/graphs";
import { startGraphRun, waitForRunEnd } from "../support/runs";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";

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
