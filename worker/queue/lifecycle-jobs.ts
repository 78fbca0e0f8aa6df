import { z } from "zod";
import type { JobSpec } from "./job-specs";

// What follows a run's milestones (reports, notices, auto-pause, approval emails) is
// rendered by these jobs, enqueued in the transaction that reached the milestone and run
// outside any lock of the run. Keys make a repeated milestone one job.
export const RUN_SETTLED_TASK = "run_settled";
export const GATE_REACHED_TASK = "approval_gate_reached";
/** R14: a step failed for good while the run goes on. */
export const FAILURE_NOTICE_TASK = "run_failure_notice";

export const runSettledPayloadSchema = z.object({
  runId: z.string().min(1),
  generation: z.number().int().min(1),
});
export type RunSettledPayload = z.infer<typeof runSettledPayloadSchema>;
/** Same shape: one run generation. */
export const failureNoticePayloadSchema = runSettledPayloadSchema;

export const gateReachedPayloadSchema = z.object({
  runId: z.string().min(1),
  nodeId: z.string().min(1),
  generation: z.number().int().min(1),
});
export type GateReachedPayload = z.infer<typeof gateReachedPayloadSchema>;

export function runSettledJob(payload: RunSettledPayload): JobSpec {
  return {
    identifier: RUN_SETTLED_TASK,
    payload,
    job_key: `run_settled:${payload.runId}:${payload.generation}`,
    max_attempts: 25,
  };
}

export function gateReachedJob(payload: GateReachedPayload): JobSpec {
  return {
    identifier: GATE_REACHED_TASK,
    payload,
    job_key: `gate_reached:${payload.runId}:${payload.nodeId}:${payload.generation}`,
    max_attempts: 25,
  };
}

/** Keyed per generation: failures while it is pending are one job (at most one notice). */
export function failureNoticeJob(payload: RunSettledPayload): JobSpec {
  return {
    identifier: FAILURE_NOTICE_TASK,
    payload,
    job_key: `failure_notice:${payload.runId}:${payload.generation}`,
    max_attempts: 25,
  };
}
