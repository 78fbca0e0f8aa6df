import pg from "pg";
import type { Task } from "graphile-worker";
import { afterAll, beforeAll, expect, it } from "vitest";
import { saveAutomation } from "../../support/automations";
import { createTestDatabase, type TestDatabase } from "../../support/database";
import { graph } from "../../support/graphs";
import { storeEvent } from "../../../worker/intake/store-event";
import { makeStartWebhookRunTask } from "../../../worker/tasks/start-webhook-run";
import { pauseAutomation } from "../../../worker/triggers/pause-automation";
import { resumeAutomation } from "../../../worker/triggers/resume-automation";

// The inbox's second half without a worker process: the start_webhook_run task called
// directly, so the order of "accepted", "paused" and "started" is the test's to choose.
let db: TestDatabase;
let pool: pg.Pool;
let startRun: Task;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  startRun = makeStartWebhookRunTask(db.prisma);
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

async function webhookAutomation() {
  const g = graph(
    [{ id: "copy", type: "action", action: "util.pass_data", input: { data: 1 } }],
    [["trigger", "copy"]],
  );
  g.nodes[0]!.trigger = { kind: "webhook", webhook: {} };
  return (await saveAutomation(db.prisma, g)).automation;
}

// The task ignores graphile-worker's helpers.
const run = (eventId: string) => startRun({ eventId }, undefined as never);

it("an event accepted just before a pause that refuses events waits for resume, and gets its run", async () => {
  const automation = await webhookAutomation();
  const stored = await storeEvent(pool, {
    automationId: automation.id,
    workspaceId: automation.workspaceId,
    dedupeKey: null,
    payload: { order: 1 },
    quotaPerMinute: 0,
  });
  expect(stored).toMatchObject({ status: "stored", paused: false });
  const { eventId } = stored as { eventId: string };
  await pauseAutomation(db.prisma, automation.id, {
    reason: "maintenance",
    queueWhilePaused: false,
  });

  await run(eventId);
  const queued = await db.prisma.pendingTriggerEvent.findUniqueOrThrow({ where: { id: eventId } });
  expect(queued.payload).toEqual({ order: 1 });
  expect(await db.prisma.run.count({ where: { automationId: automation.id } })).toBe(0);
  // A second try of the job (the first one's completion lost) changes nothing.
  await run(eventId);
  expect(
    await db.prisma.pendingTriggerEvent.count({ where: { automationId: automation.id } }),
  ).toBe(1);

  const { runIds } = await resumeAutomation(db.prisma, automation.id);
  expect(runIds).toHaveLength(1);
  const event = await db.prisma.webhookEvent.findUniqueOrThrow({ where: { id: eventId } });
  expect(event.runId).toBe(runIds[0]);
});

it("a start job tried twice starts one run; a paused automation that refuses stores nothing", async () => {
  const automation = await webhookAutomation();
  const stored = await storeEvent(pool, {
    automationId: automation.id,
    workspaceId: automation.workspaceId,
    dedupeKey: "webhook:evt-1",
    payload: {},
    quotaPerMinute: 0,
  });
  const { eventId } = stored as { eventId: string };
  await run(eventId);
  await run(eventId);
  const runs = await db.prisma.run.findMany({ where: { automationId: automation.id } });
  expect(runs.map((r) => r.triggerKey)).toEqual(["webhook:evt-1"]);
  expect(
    await storeEvent(pool, {
      automationId: automation.id,
      workspaceId: automation.workspaceId,
      dedupeKey: "webhook:evt-1",
      payload: {},
      quotaPerMinute: 0,
    }),
  ).toEqual({ status: "duplicate", eventId, runId: runs[0]!.id });

  await pauseAutomation(db.prisma, automation.id, {
    reason: "maintenance",
    queueWhilePaused: false,
  });
  expect(
    await storeEvent(pool, {
      automationId: automation.id,
      workspaceId: automation.workspaceId,
      dedupeKey: null,
      payload: {},
      quotaPerMinute: 0,
    }),
  ).toEqual({ status: "refused_paused" });
  expect(await db.prisma.webhookEvent.count({ where: { automationId: automation.id } })).toBe(1);
  const jobs = await pool.query(
    "SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'start_webhook_run'",
  );
  expect(jobs.rows[0].n).toBe(2);
});
