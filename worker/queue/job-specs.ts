import type { Prisma } from "../../prisma/client";
import { rows, type SqlClient } from "../runs/store/sql";

/** One graphile-worker job, as its `add_jobs` SQL function takes it (job_spec). */
export interface JobSpec {
  identifier: string;
  payload: unknown;
  run_at?: string | null;
  max_attempts?: number;
  /** At most one pending job per key; adding it again replaces the pending one. */
  job_key?: string | null;
}

// graphile-worker's own batch insert, inside the caller's transaction: the jobs exist if
// and only if the state change that called for them commits (R10).
const ADD_JOBS = `SELECT 1 FROM graphile_worker.add_jobs(
  array(SELECT json_populate_recordset(null::graphile_worker.job_spec, $1::json)))`;

/** In a Prisma transaction (the app's and the worker's slower paths). */
export async function addJobsInTx(tx: Prisma.TransactionClient, specs: readonly JobSpec[]) {
  if (specs.length > 0) await tx.$executeRawUnsafe(ADD_JOBS, JSON.stringify(specs));
}

/** On a `pg` client of the run store (the hot path). */
export async function addJobs(client: SqlClient, specs: readonly JobSpec[]) {
  if (specs.length > 0) await rows(client, "sy_add_jobs", ADD_JOBS, [JSON.stringify(specs)]);
}
