// The per-branch failure report ("Branches and reports" in the spec): pure, from the
// engine's branch summaries and the attempts of the run's current generation.
import type { Attempt } from "../../prisma/client";
import { summarizeBranches, type BranchStatus, type Topology } from "../engine/index";
import type { RunState, RunStatus } from "../engine/types";

export interface FailureDetail {
  nodeId: string;
  errorClass: string | null;
  message: string | null;
  attempts: number;
  httpStatus: number | null;
  at: Date | null;
  /** Nodes skipped because of it (R2 root cause). */
  blocked: string[];
  /** Other branches that succeeded all the same (R4). */
  succeededDespite: string[];
}

export interface RejectionDetail {
  nodeId: string;
  blocked: string[];
}

export interface BranchReport {
  rootNodeId: string;
  status: BranchStatus;
  nodeIds: string[];
  failures: FailureDetail[];
  rejections: RejectionDetail[];
}

export interface RunReport {
  runId: string;
  automationName: string;
  outcome: RunStatus;
  generation: number;
  endedAt: Date;
  branches: BranchReport[];
  runUrl: string;
  /** Null when nothing failed (only rejections): there is nothing to retry. */
  retryUrl: string | null;
}

/** Whether a settled run warrants a report: a failure or a rejection. */
export function needsReport(outcome: RunStatus, state: RunState): boolean {
  if (outcome === "failed" || outcome === "partially_succeeded") return true;
  return Object.values(state).some((s) => s.state === "rejected" || s.state === "failed");
}

export function buildReport(input: {
  topo: Topology;
  state: RunState;
  attempts: readonly Attempt[];
  run: {
    id: string;
    generation: number;
    automationName: string;
    outcome: RunStatus;
    endedAt: Date;
  };
  runUrl: string;
  retryUrl: string | null;
}): RunReport {
  const summaries = summarizeBranches(input.topo, input.state);
  const succeeded = summaries.filter((b) => b.status === "succeeded").map((b) => b.rootNodeId);
  const branches = summaries.map((b) => ({
    rootNodeId: b.rootNodeId,
    status: b.status,
    nodeIds: b.nodeIds,
    rejections: b.rejections,
    failures: b.failures.map((f) => {
      const tries = input.attempts
        .filter((a) => a.nodeId === f.nodeId && a.generation === input.run.generation)
        .sort((a, b) => a.number - b.number);
      const last = tries.at(-1);
      return {
        nodeId: f.nodeId,
        errorClass: last?.errorClass ?? null,
        message: last?.message ?? null,
        attempts: tries.length,
        httpStatus: [...tries].reverse().find((a) => a.httpStatus !== null)?.httpStatus ?? null,
        at: last?.endedAt ?? last?.startedAt ?? null,
        blocked: f.blocked,
        succeededDespite: succeeded.filter((root) => root !== b.rootNodeId),
      };
    }),
  }));
  return {
    runId: input.run.id,
    automationName: input.run.automationName,
    outcome: input.run.outcome,
    generation: input.run.generation,
    endedAt: input.run.endedAt,
    branches,
    runUrl: input.runUrl,
    retryUrl: input.retryUrl,
  };
}
