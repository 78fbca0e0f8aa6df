import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { JobHelpers } from "graphile-worker";
import { saveAutomation } from "../../support/automations";
import { createTestDatabase, type TestDatabase } from "../../support/database";
import { graph } from "../../support/graphs";
import { waitFor } from "../../support/wait-for";
import { spawnWorker, type WorkerProcess } from "../../support/worker-process";
import type { Graph, ScheduleTriggerConfig } from "../../../worker/engine/types";
import { makeScheduleTickTask } from "../../../worker/tasks/schedule-tick";
import { nextTick } from "../../../worker/triggers/next-tick";
import { pauseAutomation } from "../../../worker/triggers/pause-automation";

let db: TestDatabase;
let clockDb: TestDatabase;
let workers: WorkerProcess[];

beforeAll(async () => {
  // A 1-second cron, for speed: below the server's default floor (docs/limits.md).
  const fast = { SWITCHYARD_MIN_TRIGGER_INTERVAL_SECONDS: "1" };
  vi.stubEnv(
    "SWITCHYARD_MIN_TRIGGER_INTERVAL_SECONDS",
    fast.SWITCHYARD_MIN_TRIGGER_INTERVAL_SECONDS,
  );
  [db, clockDb] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  workers = await Promise.all([spawnWorker(db.url, fast), spawnWorker(db.url, fast)]);
});

afterAll(async () => {
  await Promise.all((workers ?? []).map((w) => w.stop()));
  await Promise.all([db?.drop(), clockDb?.drop()]);
});

function scheduled(schedule: ScheduleTriggerConfig): Graph {
  const g = graph([], []);
  g.nodes[0]!.trigger = { kind: "schedule", schedule };
  return g;
}

const pendingJobs = (prisma: TestDatabase["prisma"], key: string) =>
  prisma.$queryRaw<{ run_at: Date; payload: { tickAt: string } }[]>`
    SELECT run_at, payload FROM graphile_worker._private_jobs WHERE key = ${key}`;

describe("schedule trigger", () => {
  it("a 1-second cron on two worker processes fires once per tick, tick after tick", async () => {
    const { automationId } = await saveAutomation(
      db.prisma,
      scheduled({ cron: "* * * * * *", timezone: "UTC" }),
    );
    await waitFor(
      async () => (await db.prisma.run.count({ where: { automationId } })) >= 4,
      15_000,
      "4 scheduled runs",
    );
    await pauseAutomation(db.prisma, automationId, { reason: "test over" });
    const runs = await db.prisma.run.findMany({
      where: { automationId },
      orderBy: { createdAt: "asc" },
    });
    const ticks = runs.map((r) => Date.parse(r.triggerKey!.replace(/^schedule:/, "")));
    // One run per tick, in tick order, each on a whole second, none twice.
    expect(new Set(ticks).size).toBe(runs.length);
    expect(ticks).toEqual([...ticks].sort((a, b) => a - b));
    expect(ticks.every((t) => t % 1000 === 0)).toBe(true);
    expect(runs.every((r) => r.triggerKind === "schedule" && r.status === "succeeded")).toBe(true);
    // Both processes stayed quiet: no start collided with another one.
    for (const w of workers)
      expect(w.output()).not.toMatch(/duplicate key|unique constraint|P2002|deadlock/i);
    // The chain goes on while paused (ticks are skipped): exactly one pending tick.
    expect(await pendingJobs(db.prisma, `schedule:${automationId}`)).toHaveLength(1);
  });

  it("with a controlled clock: a tick that fires hours late runs once, then the next tick after now", async () => {
    const { automationId } = await saveAutomation(
      clockDb.prisma,
      scheduled({ cron: "0 * * * *", timezone: "UTC" }),
    );
    const tickAt = "2026-01-01T10:00:00.000Z";
    const task = makeScheduleTickTask({
      prisma: clockDb.prisma,
      now: () => new Date("2026-01-01T13:30:00.000Z"),
      minIntervalSeconds: 60,
    });
    // graphile-worker's helpers are not used by this task.
    const helpers = {} as JobHelpers;
    await task({ automationId, tickAt }, helpers);
    await task({ automationId, tickAt }, helpers); // the same tick delivered twice
    const runs = await clockDb.prisma.run.findMany({ where: { automationId } });
    expect(runs.map((r) => [r.triggerKind, r.triggerKey])).toEqual([
      ["schedule", `schedule:${tickAt}`],
    ]);
    // 11:00, 12:00 and 13:00 were missed while "down": not replayed; next is 14:00.
    const [job] = await pendingJobs(clockDb.prisma, `schedule:${automationId}`);
    expect(job!.payload.tickAt).toBe("2026-01-01T14:00:00.000Z");
    expect(job!.run_at.toISOString()).toBe("2026-01-01T14:00:00.000Z");
  });

  it("reads the cron in the schedule's time zone", () => {
    const nine = { cron: "0 9 * * *", timezone: "America/New_York" };
    expect(nextTick(nine, new Date("2026-07-01T00:00:00Z"))?.toISOString()).toBe(
      "2026-07-01T13:00:00.000Z", // EDT, UTC-4
    );
    expect(nextTick(nine, new Date("2026-01-01T00:00:00Z"))?.toISOString()).toBe(
      "2026-01-01T14:00:00.000Z", // EST, UTC-5
    );
  });

  it("refuses to save an invalid cron or time zone, naming both fields", async () => {
    await expect(
      saveAutomation(clockDb.prisma, scheduled({ cron: "every day", timezone: "Mars/Olympus" })),
    ).rejects.toMatchObject({
      code: "invalid_graph",
      details: expect.arrayContaining([
        expect.objectContaining({ nodeId: "trigger", field: "trigger.schedule.cron" }),
        expect.objectContaining({ nodeId: "trigger", field: "trigger.schedule.timezone" }),
      ]),
    });
  });
});
