import type { Task } from "graphile-worker";
import { z } from "zod";
import type { PrismaClient } from "../../prisma/client";
import { latestVersion } from "../triggers/latest-version";
import { nextTick } from "../triggers/next-tick";
import { startTriggeredRun } from "../triggers/start-triggered-run";
import { putScheduleTick } from "../triggers/sync-trigger-jobs";

const payloadSchema = z.object({ automationId: z.string().min(1), tickAt: z.iso.datetime() });

export interface ScheduleTickDeps {
  prisma: PrismaClient;
  /** The clock; tests pass a controllable one. */
  now: () => Date;
  /** Ticks closer than this to the previous one are skipped (SWITCHYARD_MIN_TRIGGER_INTERVAL_SECONDS). */
  minIntervalSeconds: number;
}

/**
 * Fires one tick of a schedule and queues the next, in one transaction. The run's trigger
 * key is the tick's time, so however many workers and jobs there are, a tick starts at
 * most one run. A tick that fires late (everything was down) fires once; the next one is
 * the first tick after now, so missed ticks are not replayed one by one. A paused
 * automation skips its ticks but keeps the chain going. A schedule saved before the
 * server's minimum interval existed (or lowered) fires no more often than it allows.
 */
export function makeScheduleTickTask(deps: ScheduleTickDeps): Task {
  return async (raw) => {
    const { automationId, tickAt } = payloadSchema.parse(raw);
    await deps.prisma.$transaction(async (tx) => {
      const [automation, version] = await Promise.all([
        tx.automation.findUnique({ where: { id: automationId } }),
        latestVersion(tx, automationId),
      ]);
      const schedule = version?.trigger.kind === "schedule" ? version.trigger.schedule : undefined;
      // Deleted, or the latest version is no longer scheduled: the chain ends here.
      if (!automation || !schedule) return;
      const now = deps.now();
      if (automation.status === "active") {
        await startTriggeredRun(tx, {
          automationId,
          kind: "schedule",
          key: `schedule:${tickAt}`,
          payload: { scheduledAt: tickAt, firedAt: now.toISOString() },
        });
      }
      // Ticks are whole seconds: the first one after this is at least the minimum away.
      const earliest = Date.parse(tickAt) + deps.minIntervalSeconds * 1000 - 1;
      const after = new Date(Math.max(earliest, now.getTime()));
      const next = nextTick(schedule, after);
      if (next) await putScheduleTick(tx, automationId, next);
    });
  };
}
