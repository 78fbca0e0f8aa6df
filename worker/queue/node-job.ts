import { z } from "zod";
import type { Prisma } from "../../prisma/client";
import { DEFAULT_WORKER_GROUP } from "../engine/index";
import type { GraphNode } from "../engine/types";
import { addJobsInTx, type JobSpec } from "./job-specs";

// Every job names one node of one run generation.
export const RUN_NODE_TASK = "run_node";
/** R8: fails a node still waiting for its connection when the deadline passes. */
export const CONNECTION_WAIT_DEADLINE_TASK = "connection_wait_deadline";

/** A for-each node became ready: resolve its list and start its first items. */
export const START_FOR_EACH_TASK = "start_for_each";

/** The items of a for-each may all have ended: if so, end the for-each (under the run lock). */
export const FINISH_FOR_EACH_TASK = "finish_for_each";

export type NodeTask =
  | typeof RUN_NODE_TASK
  | typeof CONNECTION_WAIT_DEADLINE_TASK
  | typeof START_FOR_EACH_TASK
  | typeof FINISH_FOR_EACH_TASK;

export const nodeJobPayloadSchema = z.object({
  runId: z.string().min(1),
  nodeId: z.string().min(1),
  generation: z.number().int().min(1),
  /** The run's version, so a claim needs no lookup; absent in jobs from older releases. */
  versionId: z.string().min(1).optional(),
  /** A step of a for-each body: the item it runs for. Absent for a node of the graph. */
  item: z.number().int().min(0).optional(),
  /** The worker group the step runs on (`runsOn`); absent: the default group. */
  group: z.string().min(1).optional(),
});
export type NodeJobPayload = z.infer<typeof nodeJobPayloadSchema>;

/**
 * The task a group's steps are queued under: graphile-worker runs only the task
 * identifiers in a worker's task list, so a worker takes exactly its groups' steps.
 */
export function runNodeTaskOf(group: string | undefined): string {
  return group === undefined || group === DEFAULT_WORKER_GROUP
    ? RUN_NODE_TASK
    : `${RUN_NODE_TASK}@${group}`;
}

/** The payload field naming a step's worker group, for a job of that step. */
export function groupField(node: Pick<GraphNode, "runsOn"> | undefined): { group?: string } {
  return node?.runsOn === undefined || node.runsOn === DEFAULT_WORKER_GROUP
    ? {}
    : { group: node.runsOn };
}

/** The jobs for `payloads`, at `runAt` (default: now). */
export function nodeJobSpecs(
  task: NodeTask,
  payloads: readonly NodeJobPayload[],
  runAt?: Date,
): JobSpec[] {
  return payloads.map((payload) => ({
    identifier: task === RUN_NODE_TASK ? runNodeTaskOf(payload.group) : task,
    payload,
    run_at: runAt?.toISOString() ?? null,
    // Our own retry policy (R7) handles action errors; these attempts only
    // cover infrastructure faults inside the task (e.g. a lost DB connection).
    max_attempts: 10,
  }));
}

/**
 * The job that ends a for-each once its items have; one waiting per for-each (its key),
 * however many items end at once.
 */
export function finishForEachJob(
  run: { id: string; generation: number; versionId: string },
  forEachId: string,
): JobSpec {
  const [spec] = nodeJobSpecs(FINISH_FOR_EACH_TASK, [
    { runId: run.id, nodeId: forEachId, generation: run.generation, versionId: run.versionId },
  ]);
  return { ...spec!, job_key: `${FINISH_FOR_EACH_TASK}:${run.id}:${forEachId}` };
}

/** Enqueues node jobs inside the caller's Prisma transaction (R10). */
export function enqueueJobs(
  tx: Prisma.TransactionClient,
  task: NodeTask,
  payloads: readonly NodeJobPayload[],
  runAt?: Date,
): Promise<void> {
  return addJobsInTx(tx, nodeJobSpecs(task, payloads, runAt));
}

export function enqueueNodeJobs(
  tx: Prisma.TransactionClient,
  payloads: readonly NodeJobPayload[],
  runAt?: Date,
): Promise<void> {
  return enqueueJobs(tx, RUN_NODE_TASK, payloads, runAt);
}
