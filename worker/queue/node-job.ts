import { z } from "zod";
import type { Prisma } from "../../prisma/client";

// Every job names one node of one run generation.
export const RUN_NODE_TASK = "run_node";
/** R8: fails a node still waiting for its connection when the deadline passes. */
export const CONNECTION_WAIT_DEADLINE_TASK = "connection_wait_deadline";

export type NodeTask = typeof RUN_NODE_TASK | typeof CONNECTION_WAIT_DEADLINE_TASK;

export const nodeJobPayloadSchema = z.object({
  runId: z.string().min(1),
  nodeId: z.string().min(1),
  generation: z.number().int().min(1),
});
export type NodeJobPayload = z.infer<typeof nodeJobPayloadSchema>;

/**
 * Enqueues jobs with graphile-worker's own SQL, inside the caller's
 * transaction: the jobs exist if and only if the state change that called
 * for them commits (R10).
 */
export async function enqueueJobs(
  tx: Prisma.TransactionClient,
  task: NodeTask,
  payloads: readonly NodeJobPayload[],
  runAt?: Date,
): Promise<void> {
  if (payloads.length === 0) return;
  const specs = payloads.map((payload) => ({
    identifier: task,
    payload,
    run_at: runAt?.toISOString() ?? null,
    // Our own retry policy (R7) handles action errors; these attempts only
    // cover infrastructure faults inside the task (e.g. a lost DB connection).
    max_attempts: 10,
  }));
  await tx.$executeRaw`
    SELECT graphile_worker.add_jobs(
      array(SELECT json_populate_recordset(null::graphile_worker.job_spec, ${JSON.stringify(specs)}::json))
    )`;
}

export function enqueueNodeJobs(
  tx: Prisma.TransactionClient,
  payloads: readonly NodeJobPayload[],
  runAt?: Date,
): Promise<void> {
  return enqueueJobs(tx, RUN_NODE_TASK, payloads, runAt);
}
