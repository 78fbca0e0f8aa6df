import type { Prisma } from "../../prisma/client";
import { addJobsInTx } from "./job-specs";

// Trigger tasks: one job per automation, named by a graphile-worker job_key, so that
// however many workers run, an automation has at most one pending schedule tick and one
// pending poll. Adding a job with a key that exists replaces it (new run_at and payload);
// if that job is running right now, graphile clears its key and adds a fresh job. (Unlike
// addKeyedJob, which preserves the first run_at: a new version must move the next tick.)
export const SCHEDULE_TICK_TASK = "schedule_tick";
export const POLL_TRIGGER_TASK = "poll_trigger";

export const scheduleJobKey = (automationId: string) => `schedule:${automationId}`;
export const pollJobKey = (automationId: string) => `poll:${automationId}`;

/** Adds or replaces the job with this key, inside the caller's transaction. */
export async function putKeyedJob(
  tx: Prisma.TransactionClient,
  spec: { task: string; jobKey: string; payload: unknown; runAt: Date },
): Promise<void> {
  const specs = [
    {
      identifier: spec.task,
      payload: spec.payload,
      run_at: spec.runAt.toISOString(),
      job_key: spec.jobKey,
      // Infrastructure faults inside the task are retried; the task reschedules itself otherwise.
      max_attempts: 25,
    },
  ];
  await addJobsInTx(tx, specs);
}

/** Removes the pending job with this key, if any (a running one finishes undisturbed). */
export async function removeKeyedJob(tx: Prisma.TransactionClient, jobKey: string): Promise<void> {
  await tx.$executeRaw`SELECT graphile_worker.remove_job(${jobKey})`;
}
