import { Cron } from "croner";
import type { ScheduleTriggerConfig } from "../engine/types";

/** The first tick of the schedule strictly after `after`, read in its time zone; null: none left. */
export function nextTick(schedule: ScheduleTriggerConfig, after: Date): Date | null {
  // paused: compute only; croner never starts a timer here, the queue does the waiting.
  return new Cron(schedule.cron, { timezone: schedule.timezone, paused: true }).nextRun(after);
}
