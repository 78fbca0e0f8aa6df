import { afterAll, beforeAll, expect, it } from "vitest";
import { startFakeApi, type FakeApi } from "../fakes/fake-api";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { graph, httpNode } from "../support/graphs";
import { startGraphRun, waitForRunEnd } from "../support/runs";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";
import { ensureLocalOwner } from "../../worker/automations/ensure-local-owner";
import type { GraphNode } from "../../worker/engine/types";

// R1/R10 under load: siblings that finish at the same instant, on two worker processes,
// decide the children they share exactly once — never twice, never not at all.
let db: TestDatabase;
let api: FakeApi;
let workers: WorkerProcess[];

beforeAll(async () => {
  [db, api] = await Promise.all([createTestDatabase(), startFakeApi()]);
  // A long dead-after window: a second attempt here can only mean a second job for the
  // node, not a busy worker presumed dead and taken over (that has its own tests).
  const env = { SWITCHYARD_WORKER_CONCURRENCY: "20", SWITCHYARD_WORKER_DEAD_AFTER_MS: "60000" };
  workers = await Promise.all([spawnWorker(db.url, env), spawnWorker(db.url, env)]);
});

afterAll(async () => {
  await Promise.all((workers ?? []).map((w) => w.stop()));
  await api?.close();
  await db?.drop();
});

const pass = (id: string): GraphNode => ({
  id,
  type: "action",
  action: "util.pass_data",
  input: { data: id },
});

it("R1/R10: concurrent siblings decide each shared child exactly once, across 40 runs at once", async () => {
  const siblings = ["s0", "s1", "s2", "s3", "s4", "s5"];
  // `f` answers 404: a permanent failure, at about the same moment as the others.
  const failing = httpNode("f", `${api.url}/missing`);
  const shared = graph(
    [...siblings.map(pass), failing, pass("join"), pass("joinAll"), pass("after")],
    [
      ...siblings.map((s) => ["trigger", s] as [string, string]),
      ["trigger", "f"],
      ...siblings.map((s) => [s, "join"] as [string, string]),
      ...[...siblings, "f"].map((s) => [s, "joinAll"] as [string, string]),
      ["f", "after", "independent"],
      ["s0", "after", "independent"],
    ],
  );
  const owner = await ensureLocalOwner(db.prisma);
  // Started five at a time (the test's own connection pool is small); the workers are
  // busy with the first runs while the later ones start.
  const runIds: string[] = [];
  for (let i = 0; i < 40; i += 5) {
    const batch = Array.from({ length: 5 }, () => startGraphRun(db.prisma, shared, {}, owner));
    runIds.push(...(await Promise.all(batch)));
  }
  const runs = await Promise.all(runIds.map((id) => waitForRunEnd(db.prisma, id, 90_000)));
  for (const run of runs) {
    expect(run.status).toBe("partially_succeeded");
    expect(run.openNodes).toBe(0);
    expect(run.node("join").state).toBe("succeeded");
    expect(run.attemptsOf("join")).toHaveLength(1);
    expect(run.node("joinAll")).toMatchObject({
      state: "skipped",
      blockedBy: ["f"],
      rootCause: ["f"],
    });
    expect(run.attemptsOf("joinAll")).toHaveLength(0);
    expect(run.node("after").state).toBe("succeeded");
    expect(run.attemptsOf("after")).toHaveLength(1);
    for (const s of siblings) expect(run.attemptsOf(s).map((a) => a.number)).toEqual([1]);
  }
  // One settle per run, so one report each (the run_settled job follows the end).
  const reportsPerRun = async () =>
    db.prisma.outboxEmail.groupBy({
      by: ["runId"],
      where: { runId: { in: runIds }, kind: "run_report" },
      _count: true,
    });
  await expect.poll(async () => (await reportsPerRun()).length, { timeout: 30_000 }).toBe(40);
  expect((await reportsPerRun()).map((r) => r._count)).toEqual(Array(40).fill(1));
});
