import { z } from "zod";
import type { PrismaClient } from "../../prisma/client";
import { addJobsInTx, type JobSpec } from "../queue/job-specs";
import { RUN_NODE_TASK } from "../queue/node-job";

/** Tells a run's owner that steps wait for a worker of a group none of whose workers lives. */
export const GROUP_WAIT_NOTICE_TASK = "worker_group_wait_notice";

export const groupWaitNoticePayloadSchema = z.object({
  runId: z.string().min(1),
  generation: z.number().int().min(1),
  group: z.string().min(1),
});
export type GroupWaitNoticePayload = z.infer<typeof groupWaitNoticePayloadSchema>;

/**
 * Steps due (or freed from a dead worker) longer than the dead-after window, in a group
 * with no live heartbeat: each run generation and group is recorded once, and its notice
 * job is added in the same transaction, so the owner is told once however many
 * processes look at the same time.
 */
export async function noticeStepsWaitingForGroups(
  prisma: PrismaClient,
  deadAfterMs: number,
): Promise<number> {
  const window = `${deadAfterMs} milliseconds`;
  return prisma.$transaction(async (tx) => {
    const noticed = await tx.$queryRaw<GroupWaitNoticePayload[]>`
      INSERT INTO "WorkerGroupWaitNotice" ("runId", generation, "group")
      SELECT DISTINCT j.payload->>'runId', (j.payload->>'generation')::int, j.payload->>'group'
      FROM graphile_worker._private_jobs j
      WHERE j.task_id IN (SELECT id FROM graphile_worker._private_tasks
                          WHERE identifier LIKE ${`${RUN_NODE_TASK}@%`})
        AND j.locked_at IS NULL
        AND j.run_at < now() - ${window}::interval
        AND j.payload->>'group' IS NOT NULL
        AND EXISTS (SELECT 1 FROM "Run" r
                    WHERE r.id = j.payload->>'runId' AND r.status = 'running')
        AND NOT EXISTS (
          SELECT 1 FROM "WorkerHeartbeat" h
          WHERE h."beatAt" > now() - ${window}::interval AND j.payload->>'group' = ANY(h.groups))
      ON CONFLICT DO NOTHING
      RETURNING "runId", generation, "group"`;
    const jobs: JobSpec[] = noticed.map((payload) => ({
      identifier: GROUP_WAIT_NOTICE_TASK,
      payload,
      job_key: `${GROUP_WAIT_NOTICE_TASK}:${payload.runId}:${payload.generation}:${payload.group}`,
      max_attempts: 25,
    }));
    await addJobsInTx(tx, jobs);
    return noticed.length;
  });
}
