import { z } from "zod";
import type { Prisma } from "../../prisma/client";

// One graphile-worker job executes one node of one run generation.
export const RUN_NODE_TASK = "run_node";

export const nodeJobPayloadSchema = z.object({
  runId: z.string().min(1),
  nodeId: z.string().min(1),
  generation: z.number().int().min(1),
});
export type NodeJobPayload = z.infer<typeof nodeJobPayloadSchema>;

/**
 * Enqueues node jobs with graphile-worker's own SQL, inside the caller's
 * transaction: the jobs exist if and only if the state change that made the
 * nodes ready commits (R10).
 */
export async function enqueueNodeJobs(
  tx: Prisma.TransactionClient,
  payloads: readonly NodeJobPayload[],
  runAt?: Date,
): Promise<void> {
  if (payloads.length === 0) return;
  const specs = payloads.map((payload) => ({
    identifier: RUN_NODE_TASK,
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
