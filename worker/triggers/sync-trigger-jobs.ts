import type { Prisma } from "../../prisma/client";
import type { TriggerConfig } from "../engine/types";
import {
  POLL_TRIGGER_TASK,
  SCHEDULE_TICK_TASK,
  pollJobKey,
  putKeyedJob,
  removeKeyedJob,
  scheduleJobKey,
} from "../queue/trigger-jobs";
import { nextTick } from "./next-tick";
import { ensureWebhookToken } from "./rotate-webhook-token";

export interface ScheduleTickPayload {
  automationId: string;
  /** The tick this job fires, ISO 8601 (also the run's trigger key). */
  tickAt: string;
}

export interface PollTriggerPayload {
  automationId: string;
}

/**
 * Makes the queue match the trigger of a version just saved, in the saving transaction:
 * a schedule gets its next tick (replacing any earlier one), a poll polls now, a webhook
 * gets a token; the jobs of a trigger kind no longer used are removed (a job already
 * running sees the new version and stops its chain).
 */
export async function syncTriggerJobs(
  tx: Prisma.TransactionClient,
  automationId: string,
  trigger: TriggerConfig,
  now: Date,
): Promise<void> {
  if (trigger.kind === "webhook") await ensureWebhookToken(tx, automationId);

  const tick =
    trigger.kind === "schedule" && trigger.schedule ? nextTick(trigger.schedule, now) : null;
  if (tick) await putScheduleTick(tx, automationId, tick);
  else await removeKeyedJob(tx, scheduleJobKey(automationId));

  if (trigger.kind === "poll") await putPoll(tx, automationId, now);
  else await removeKeyedJob(tx, pollJobKey(automationId));
}

export function putScheduleTick(tx: Prisma.TransactionClient, automationId: string, tick: Date) {
  const payload: ScheduleTickPayload = { automationId, tickAt: tick.toISOString() };
  return putKeyedJob(tx, {
    task: SCHEDULE_TICK_TASK,
    jobKey: scheduleJobKey(automationId),
    payload,
    runAt: tick,
  });
}

export function putPoll(tx: Prisma.TransactionClient, automationId: string, runAt: Date) {
  const payload: PollTriggerPayload = { automationId };
  return putKeyedJob(tx, {
    task: POLL_TRIGGER_TASK,
    jobKey: pollJobKey(automationId),
    payload,
    runAt,
  });
}
