import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeApi, type FakeApi } from "../../fakes/fake-api";
import { saveAutomation } from "../../support/automations";
import { createTestDatabase, type TestDatabase } from "../../support/database";
import { graph, httpNode } from "../../support/graphs";
import { waitForRunFollowUp } from "../../support/runs";
import { spawnWorker, type WorkerProcess } from "../../support/worker-process";
import { retryFailed } from "../../../worker/runs/retry-failed";
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
      graph(
        [httpNode("call", `${api.url}/flaky-service`, { name: "Call billing API" })],
        [["trigger", "call"]],
      ),
    );
    const runOnce = async () => {
      const { runId } = await startRun(db.prisma, {
        versionId: saved.versionId,
        ownerId: saved.owner.userId,
        triggerPayload: {},
        triggerKind: "api",
      });
      return (await waitForRunFollowUp(db.prisma, runId)).status;
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
    expect(paused.pausedReason).toBe("Paused automatically after 3 runs in a row failed.");

    const notifications = await db.prisma.notification.findMany({
      where: { userId: saved.owner.userId, kind: "automation_paused" },
    });
    expect(notifications).toHaveLength(1);
    // R16/R15: the notice names the branch that keeps failing, by its display name.
    expect(notifications[0]!.body).toContain("the branch Call billing API failed");
    expect(notifications[0]!.body).not.toMatch(/\bcall\b|partially/);
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

  it("R16: a run counts once, by its first generation; retries do not count; partial runs neither count nor reset", async () => {
    const saved = await saveAutomation(
      db.prisma,
      graph(
        [
          httpNode("charge", `${api.url}/r16/charge`, { name: "Call billing API" }),
          httpNode("receipt", `${api.url}/r16/receipt`, { name: "Send the receipt" }),
        ],
        [
          ["trigger", "charge"],
          ["trigger", "receipt"],
        ],
      ),
    );
    const automation = () =>
      db.prisma.automation.findUniqueOrThrow({ where: { id: saved.automationId } });
    /** One run; `receiptOk`: the other branch succeeds, so the run only partly fails. */
    const runOnce = async (receiptOk: boolean) => {
      api.script("/r16/charge", [{ status: 400 }]);
      api.script("/r16/receipt", [receiptOk ? { json: { ok: true } } : { status: 400 }]);
      const { runId } = await startRun(db.prisma, {
        versionId: saved.versionId,
        ownerId: saved.owner.userId,
        triggerPayload: {},
        triggerKind: "api",
      });
      return { runId, status: (await waitForRunFollowUp(db.prisma, runId)).status };
    };

    const first = await runOnce(false);
    expect(first.status).toBe("failed");
    expect((await automation()).consecutiveFailures).toBe(1);

    // Two retries of the failed part fail again: still one run, counted once.
    for (const generation of [2, 3]) {
      await retryFailed(db.prisma, first.runId);
      const retried = await waitForRunFollowUp(db.prisma, first.runId);
      expect(retried).toMatchObject({ generation, status: "failed" });
    }
    expect((await automation()).consecutiveFailures).toBe(1);

    // A partial success neither counts nor resets the streak.
    expect((await runOnce(true)).status).toBe("partially_succeeded");
    expect((await automation()).consecutiveFailures).toBe(1);

    expect((await runOnce(false)).status).toBe("failed");
    expect(await automation()).toMatchObject({ status: "active", consecutiveFailures: 2 });
    const last = await runOnce(false);
    expect(last.status).toBe("failed");
    const paused = await automation();
    expect(paused).toMatchObject({ status: "paused", consecutiveFailures: 3 });
    expect(paused.pausedReason).toBe("Paused automatically after 3 runs in a row failed.");
    const notice = await db.prisma.notification.findFirstOrThrow({
      where: { kind: "automation_paused", runId: last.runId },
    });
    expect(notice.body).toContain("the branches Call billing API and Send the receipt failed");
  });
});
