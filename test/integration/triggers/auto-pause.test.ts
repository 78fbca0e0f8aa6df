import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeApi, type FakeApi } from "../../fakes/fake-api";
import { saveAutomation } from "../../support/automations";
import { createTestDatabase, type TestDatabase } from "../../support/database";
import { graph, httpNode } from "../../support/graphs";
import { waitForRunEnd } from "../../support/runs";
import { spawnWorker, type WorkerProcess } from "../../support/worker-process";
import { startRun } from "../../../worker/runs/start-run";
import { resumeAutomation } from "../../../worker/triggers/resume-automation";
import { startTriggeredRun } from "../../../worker/triggers/start-triggered-run";

let db: TestDatabase;
let api: FakeApi;
let worker: WorkerProcess;

beforeAll(async () => {
  [db, api] = await Promise.all([createTestDatabase(), startFakeApi()]);
  worker = await spawnWorker(db.url, { SWITCHYARD_AUTO_PAUSE_AFTER: "3" });
});

afterAll(async () => {
  await worker?.stop();
  await api?.close();
  await db?.drop();
});

describe("automatic pause after consecutive failures", () => {
  it("counts failed runs, resets on a success, pauses at the limit and tells the owner", async () => {
    // 400 is permanent: each run fails at its first attempt.
    api.script("/flaky-service", [
      { status: 400 },
      { status: 400 },
      { json: { ok: true } },
      { status: 400 },
    ]);
    const saved = await saveAutomation(
      db.prisma,
      graph([httpNode("call", `${api.url}/flaky-service`)], [["trigger", "call"]]),
    );
    const runOnce = async () => {
      const { runId } = await startRun(db.prisma, {
        versionId: saved.versionId,
        ownerId: saved.owner.userId,
        triggerPayload: {},
        triggerKind: "api",
      });
      return (await waitForRunEnd(db.prisma, runId)).status;
    };
    const automation = () =>
      db.prisma.automation.findUniqueOrThrow({ where: { id: saved.automationId } });

    expect([await runOnce(), await runOnce()]).toEqual(["failed", "failed"]);
    expect((await automation()).consecutiveFailures).toBe(2);
    expect(await runOnce()).toBe("succeeded");
    expect((await automation()).consecutiveFailures).toBe(0);

    expect([await runOnce(), await runOnce()]).toEqual(["failed", "failed"]);
    expect((await automation()).status).toBe("active");
    expect(await runOnce()).toBe("failed");
    const paused = await automation();
    expect(paused).toMatchObject({ status: "paused", consecutiveFailures: 3 });
    expect(paused.pausedReason).toMatch(/3 runs in a row/);

    const notifications = await db.prisma.notification.findMany({
      where: { userId: saved.owner.userId, kind: "automation_paused" },
    });
    expect(notifications).toHaveLength(1);
    const emails = await db.prisma.outboxEmail.findMany({ where: { kind: "automation_paused" } });
    expect(emails).toHaveLength(1);
    expect(emails[0]!.to).toEqual(["local@switchyard.localhost"]);

    // Paused (refusing by default): new events start nothing; resume clears the streak.
    const refused = await db.prisma.$transaction((tx) =>
      startTriggeredRun(tx, { automationId: saved.automationId, kind: "webhook", payload: {} }),
    );
    expect(refused).toEqual({ status: "refused" });
    await resumeAutomation(db.prisma, saved.automationId);
    expect(await automation()).toMatchObject({ status: "active", consecutiveFailures: 0 });
  });
});
