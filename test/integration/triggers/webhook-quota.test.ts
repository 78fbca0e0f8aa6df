import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../support/database";
import { graph } from "../../support/graphs";
import { saveAutomationVersion } from "../../../worker/automations/save-version";
import { storeEvent } from "../../../worker/intake/store-event";
import { webhooksRefusedLastHour } from "../../../worker/intake/webhook-quota";

// The per-workspace webhook quota inside the statement that stores an event
// (worker/intake/store-event.ts), against real Postgres.
let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 10 });
  // Dropping the database terminates its sessions; an idle client's error is not the test's.
  pool.on("error", () => {});
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

/** A webhook automation in a workspace of its own: the quota counts per workspace. */
async function webhookAutomation() {
  const tag = randomUUID().slice(0, 8);
  const user = await db.prisma.user.create({
    data: { name: tag, email: `${tag}@example.test` },
  });
  const workspace = await db.prisma.workspace.create({
    data: { name: tag, memberships: { create: { userId: user.id, role: "owner" } } },
  });
  const g = graph([], []);
  g.nodes[0]!.trigger = { kind: "webhook", webhook: {} };
  const saved = await saveAutomationVersion(db.prisma, {
    workspaceId: workspace.id,
    ownerId: user.id,
    automationName: "quota",
    graph: g,
  });
  return db.prisma.automation.findUniqueOrThrow({ where: { id: saved.automationId } });
}

/** Waits, if needed, so the next few seconds stay inside one minute window. */
async function earlyInAMinute() {
  const second = new Date().getUTCSeconds();
  if (second > 45) await new Promise((r) => setTimeout(r, (61 - second) * 1000));
}

it("over the quota nothing is stored, the answer says when the window reopens, and the refusal is counted", async () => {
  const automation = await webhookAutomation();
  await earlyInAMinute();
  const store = () =>
    storeEvent(pool, {
      automationId: automation.id,
      workspaceId: automation.workspaceId,
      dedupeKey: null,
      payload: {},
      quotaPerMinute: 3,
    });
  const answers = [];
  for (let i = 0; i < 5; i++) answers.push(await store());
  expect(answers.map((a) => a.status)).toEqual([
    "stored",
    "stored",
    "stored",
    "over_quota",
    "over_quota",
  ]);
  const retryAfter = (answers[3] as { retryAfter: number }).retryAfter;
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(await db.prisma.webhookEvent.count({ where: { automationId: automation.id } })).toBe(3);
  const jobs = await pool.query(
    "SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'start_webhook_run'",
  );
  expect(jobs.rows[0].n).toBe(3);
  expect(await webhooksRefusedLastHour(db.prisma, automation.workspaceId, new Date())).toBe(2);
});

it("under concurrency the quota holds within the number of requests in flight; windows older than an hour are cleared", async () => {
  const automation = await webhookAutomation();
  const old = new Date(Date.now() - 2 * 3_600_000);
  old.setUTCSeconds(0, 0);
  await db.prisma.webhookQuotaCounter.create({
    data: { workspaceId: automation.workspaceId, windowStart: old, slot: 0, refused: 7 },
  });
  await earlyInAMinute();
  const answers = await Promise.all(
    Array.from({ length: 60 }, () =>
      storeEvent(pool, {
        automationId: automation.id,
        workspaceId: automation.workspaceId,
        dedupeKey: null,
        payload: {},
        quotaPerMinute: 20,
      }),
    ),
  );
  const stored = answers.filter((a) => a.status === "stored").length;
  expect(stored).toBeGreaterThanOrEqual(20);
  expect(stored).toBeLessThanOrEqual(20 + 10); // the pool runs at most 10 at once
  expect(await db.prisma.webhookEvent.count({ where: { automationId: automation.id } })).toBe(
    stored,
  );
  const counters = await db.prisma.webhookQuotaCounter.findMany({
    where: { workspaceId: automation.workspaceId },
  });
  expect(counters.every((c) => c.windowStart > old)).toBe(true);
  const accepted = counters.reduce((n, c) => n + c.accepted, 0);
  const refused = counters.reduce((n, c) => n + c.refused, 0);
  expect([accepted, refused]).toEqual([stored, 60 - stored]);
});

it("quota 0 counts nothing", async () => {
  const automation = await webhookAutomation();
  const stored = await storeEvent(pool, {
    automationId: automation.id,
    workspaceId: automation.workspaceId,
    dedupeKey: null,
    payload: {},
    quotaPerMinute: 0,
  });
  expect(stored.status).toBe("stored");
  expect(
    await db.prisma.webhookQuotaCounter.count({ where: { workspaceId: automation.workspaceId } }),
  ).toBe(0);
});
