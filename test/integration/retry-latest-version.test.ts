import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startFakeApi, type FakeApi } from "../fakes/fake-api";
import { saveAutomation } from "../support/automations";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { graph, httpNode } from "../support/graphs";
import { waitForRunEnd, waitForRunFollowUp } from "../support/runs";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";
import { AppError } from "../../worker/errors";
import { getRun } from "../../worker/runs/get-run";
import { prismaRowTypes, prismaSql } from "../../worker/runs/store/sql";
import { retryFailed, retryOnLatestVersion } from "../../worker/runs/retry-failed";
import { startRun } from "../../worker/runs/start-run";

// "Retry on the latest version": the user fixes the failing step's URL and saves a new
// version; the retry keeps what succeeded unchanged, runs the fixed step and what it
// blocked, runs a step the fix added, and drops a step the fix removed.

let db: TestDatabase;
let api: FakeApi;
let worker: WorkerProcess;

beforeAll(async () => {
  [db, api] = await Promise.all([createTestDatabase(), startFakeApi()]);
  worker = await spawnWorker(db.url);
});

afterAll(async () => {
  await worker?.stop();
  await api?.close();
  await db?.drop();
});

const u = (path: string) => `${api.url}${path}`;

it("keeps unchanged successes, runs the fixed and added steps, and records each generation's version", async () => {
  for (const path of ["/order", "/bill", "/mail", "/log", "/notify", "/old"]) {
    api.script(path, [{ json: { ok: path } }]);
  }
  api.script("/bil", [{ status: 404, json: { error: "no such route" } }]);
  const name = "Bill each order";
  const step = (id: string, path: string, label: string) =>
    httpNode(id, u(path), { name: label, retry: { maxAttempts: 1 } });
  const v1 = await saveAutomation(
    db.prisma,
    graph(
      [
        step("fetch", "/order", "Fetch the order"),
        step("bill", "/bil", "Call billing API"),
        step("mail", "/mail", "Email the receipt"),
        step("log", "/log", "Write the log"),
        step("old", "/old", "Old step"),
      ],
      [
        ["trigger", "fetch"],
        ["fetch", "bill"],
        ["bill", "mail"],
        ["trigger", "log"],
        ["trigger", "old"],
      ],
    ),
    name,
  );
  const { runId } = await startRun(db.prisma, {
    versionId: v1.versionId,
    ownerId: v1.owner.userId,
    triggerPayload: { order: 7 },
  });
  const first = await waitForRunEnd(db.prisma, runId);
  expect(first.status).toBe("partially_succeeded");

  // Nothing newer yet: the retry says what to do instead.
  await expect(retryOnLatestVersion(db.prisma, runId)).rejects.toThrow(
    /already ran on the latest version \(version 1\)/,
  );

  // Version 2: the URL fixed, a notification added after the receipt, the old step gone.
  const v2 = await saveAutomation(
    db.prisma,
    graph(
      [
        step("fetch", "/order", "Fetch the order"),
        step("bill", "/bill", "Call billing API"),
        step("mail", "/mail", "Email the receipt"),
        step("notify", "/notify", "Tell the team"),
        step("log", "/log", "Write the log (renamed)"),
      ],
      [
        ["trigger", "fetch"],
        ["fetch", "bill"],
        ["bill", "mail"],
        ["mail", "notify"],
        ["trigger", "log"],
      ],
    ),
    name,
  );
  expect(v2.number).toBe(2);
  const started = await retryOnLatestVersion(db.prisma, runId);
  expect(started).toMatchObject({ generation: 2, versionNumber: 2 });
  expect(started.reset).toEqual(["bill", "mail", "notify"]);

  const second = await waitForRunEnd(db.prisma, runId);
  expect(second.status).toBe("succeeded");
  expect(second.versionId).toBe(v2.versionId);
  // Kept steps ran once, in generation 1; the fixed one called the fixed URL.
  for (const path of ["/order", "/log", "/old"]) expect(api.requestsTo(path)).toHaveLength(1);
  expect(api.requestsTo("/bil")).toHaveLength(1);
  expect(api.requestsTo("/bill")).toHaveLength(1);
  expect(api.requestsTo("/notify")).toHaveLength(1);
  expect(second.attemptsOf("bill").map((a) => [a.generation, a.outcome])).toEqual([
    [1, "failed"],
    [2, "succeeded"],
  ]);
  expect(second.node("fetch").generation).toBe(1);
  expect(second.node("notify")).toMatchObject({ state: "succeeded", generation: 2 });

  // The run records which version each generation ran on, and why.
  const details = await getRun(prismaSql(db.prisma), runId);
  expect(details.generations.map((g) => [g.generation, g.version.number])).toEqual([
    [1, 1],
    [2, 2],
  ]);
  expect(details.generations[1]?.plan).toEqual({
    kept: ["fetch", "log"],
    rerun: [
      { nodeId: "bill", reason: "changed" },
      { nodeId: "mail", reason: "not_succeeded" },
      { nodeId: "notify", reason: "new" },
    ],
    removed: ["old"],
  });
  // The dropped step is history: not a node of the run any more, its attempt kept.
  expect(details.nodeRuns.map((n) => n.nodeId)).not.toContain("old");
  expect(details.attempts.filter((a) => a.nodeId === "old")).toHaveLength(1);

  // The command line reads the same run through a pg pool (no Prisma): same values, dates in
  // UTC. Read both once the run's follow-up job is done, so nothing changes in between.
  await waitForRunFollowUp(db.prisma, runId);
  const pool = new pg.Pool({ connectionString: db.url, max: 1, types: prismaRowTypes });
  pool.on("error", () => {});
  try {
    const throughPg = await getRun(pool, runId);
    expect(throughPg).toEqual(await getRun(prismaSql(db.prisma), runId));
    expect(throughPg.attempts[0]?.startedAt).toBeInstanceOf(Date);
  } finally {
    await pool.end();
  }

  // Nothing left to run on version 2, and R12 on it finds no failure either.
  await expect(retryOnLatestVersion(db.prisma, runId)).rejects.toThrow(AppError);
  await expect(retryFailed(db.prisma, runId)).rejects.toThrow(/nothing to retry/);
});
