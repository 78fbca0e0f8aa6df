import type { Prisma } from "../../prisma/client";

export interface KeyedJobSpec {
  task: string;
  payload: unknown;
  /** graphile-worker job_key: at most one pending job per key. */
  jobKey: string;
  runAt?: Date;
  maxAttempts?: number;
}

/**
 * One graphile-worker job with a job key, added with graphile's own SQL inside
 * the caller's transaction, so the job exists iff the change that needs it
 * commits. "preserve_run_at": enqueueing the same key again keeps the first
 * schedule (a digest window is not pushed back by each new email in it).
 */
export async function addKeyedJob(tx: Prisma.TransactionClient, spec: KeyedJobSpec) {
  await tx.$executeRaw`
    SELECT graphile_worker.add_job(
      ${spec.task}::text,
      ${JSON.stringify(spec.payload)}::json,
      run_at => ${spec.runAt ?? null}::timestamptz,
      max_attempts => ${spec.maxAttempts ?? 25}::int,
      job_key => ${spec.jobKey}::text,
      job_key_mode => 'preserve_run_at'
    )`;
}
