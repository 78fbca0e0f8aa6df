// The per-branch failure report ("Branches and reports" in the spec) and the failure
// notice sent while the run goes on (R14): pure, from the engine's branch summaries and
// the attempts of the run's current generation. Names and words are what people read
// (R15); the ids stay beside them as keys.
import type { Attempt } from "../../prisma/client";
import { isTerminal, summarizeBranches, type BranchStatus, type Topology } from "../engine/index";
import type { RunState, RunStatus } from "../engine/types";
import { listWords, nodeStateWords, stepNames, type StepNames } from "../names";
import type { ItemFailureGroup, ItemFailures } from "./for-each-failures";
import { runPicture, type PictureRow } from "./report-picture";

export interface FailureDetail {
  nodeId: string;
  name: string;
  errorClass: string | null;
  message: string | null;
  attempts: number;
  httpStatus: number | null;
  at: Date | null;
  /** Names of the nodes skipped because of it (R2 root cause). */
  blocked: string[];
  /** Names of the other branches that succeeded all the same (R4). */
  succeededDespite: string[];
  /** A for-each: its failed items, grouped by what went wrong; null for any other step. */
  items: ItemFailuresInWords | null;
}

export interface ItemFailuresInWords {
  total: number;
  failed: number;
  groups: (Omit<ItemFailureGroup, "stepId"> & { stepName: string })[];
}

export interface RejectionDetail {
  nodeId: string;
  name: string;
  /** Names of the nodes it skipped. */
  blocked: string[];
}

export interface BranchReport {
  rootNodeId: string;
  /** The branch's name: its first step's. */
  name: string;
  status: BranchStatus;
  nodeNames: string[];
  failures: FailureDetail[];
  rejections: RejectionDetail[];
}

interface RunFacts {
  runId: string;
  automationName: string;
  generation: number;
  runUrl: string;
}

export interface RunReport extends RunFacts {
  outcome: RunStatus;
  endedAt: Date;
  branches: BranchReport[];
  /** The run on its graph, one row per step (report-picture.ts). */
  picture: PictureRow[];
  /** Null when nothing failed (only rejections): there is nothing to retry. */
  retryUrl: string | null;
}

/** R14: what failed while other parts of the run still run or wait. */
export interface FailureNotice extends RunFacts {
  at: Date;
  /** The opening sentence: which branches failed, and that the run goes on. */
  lead: string;
  /** The branches with a failed step, each with only what failed. */
  failedBranches: BranchReport[];
  /** Steps not yet ended, each with its state in words. */
  stillOpen: { nodeId: string; name: string; state: string }[];
}

interface ReportInput {
  topo: Topology;
  state: RunState;
  attempts: readonly Attempt[];
  run: { id: string; generation: number; automationName: string };
  runUrl: string;
  /** For-each nodes with failed items (for-each-failures.ts). */
  itemFailures?: Record<string, ItemFailures>;
}

/** Whether a settled run warrants a report: a failure or a rejection. */
export function needsReport(outcome: RunStatus, state: RunState): boolean {
  if (outcome === "failed" || outcome === "partially_succeeded") return true;
  return Object.values(state).some((s) => s.state === "rejected" || s.state === "failed");
}

function branchReports(input: ReportInput, withOpenForEach = false): BranchReport[] {
  const name = stepNames(input.topo.graph);
  const summaries = summarizeBranches(input.topo, input.state);
  // R14: a for-each still going through its items is a failure once an item failed.
  if (withOpenForEach) {
    for (const b of summaries) {
      for (const id of b.nodeIds) {
        const open = !isTerminal(input.state[id]?.state ?? "pending");
        if (open && input.itemFailures?.[id] && !b.failures.some((f) => f.nodeId === id)) {
          b.failures.push({ nodeId: id, blocked: [] });
        }
      }
    }
  }
  const succeeded = summaries.filter((b) => b.status === "succeeded").map((b) => b.rootNodeId);
  return summaries.map((b) => ({
    rootNodeId: b.rootNodeId,
    name: name(b.rootNodeId),
    status: b.status,
    nodeNames: b.nodeIds.map(name),
    rejections: b.rejections.map((r) => ({
      nodeId: r.nodeId,
      name: name(r.nodeId),
      blocked: r.blocked.map(name),
    })),
    failures: b.failures.map((f) => {
      const tries = input.attempts
        .filter((a) => a.nodeId === f.nodeId && a.generation === input.run.generation)
        .sort((a, b) => a.number - b.number);
      const last = tries.at(-1);
      return {
        nodeId: f.nodeId,
        name: name(f.nodeId),
        errorClass: last?.errorClass ?? null,
        message: last?.message ?? null,
        attempts: tries.length,
        httpStatus: [...tries].reverse().find((a) => a.httpStatus !== null)?.httpStatus ?? null,
        at: last?.endedAt ?? last?.startedAt ?? null,
        blocked: f.blocked.map(name),
        succeededDespite: succeeded.filter((root) => root !== b.rootNodeId).map(name),
        items: itemsInWords(input.itemFailures?.[f.nodeId], name),
      };
    }),
  }));
}

function itemsInWords(
  failures: ItemFailures | undefined,
  name: StepNames,
): ItemFailuresInWords | null {
  if (!failures) return null;
  return {
    total: failures.total,
    failed: failures.failed,
    groups: failures.groups.map(({ stepId, ...g }) => ({ ...g, stepName: name(stepId) })),
  };
}

const facts = (input: ReportInput): RunFacts => ({
  runId: input.run.id,
  automationName: input.run.automationName,
  generation: input.run.generation,
  runUrl: input.runUrl,
});

export function buildReport(
  input: ReportInput & {
    run: { outcome: RunStatus; endedAt: Date };
    retryUrl: string | null;
  },
): RunReport {
  return {
    ...facts(input),
    outcome: input.run.outcome,
    endedAt: input.run.endedAt,
    branches: branchReports(input),
    picture: runPicture(input.topo, input.state),
    retryUrl: input.retryUrl,
  };
}

export const NOTICE_FOLLOW_UP =
  "The full per-branch report follows when the run ends; you can retry the failed part then.";

/** `at`: now, for a failure with no attempt recorded. */
export function buildFailureNotice(input: ReportInput & { at: Date }): FailureNotice {
  const name = stepNames(input.topo.graph);
  const failedBranches = branchReports(input, true)
    .filter((b) => b.failures.length > 0)
    .map((b) => ({ ...b, rejections: [] }));
  const names = failedBranches.map((b) => b.name);
  // When the (last) failure happened, not when the notice was written.
  const times = failedBranches.flatMap((b) => b.failures.map((f) => f.at?.getTime() ?? 0));
  const at = times.length && Math.max(...times) > 0 ? new Date(Math.max(...times)) : input.at;
  return {
    ...facts(input),
    at,
    lead: `In run ${input.run.id} of "${input.run.automationName}", the branch${names.length > 1 ? "es" : ""} ${listWords(names)} failed at ${at.toISOString()} while other steps still run or wait.`,
    failedBranches,
    stillOpen: input.topo.order
      .filter((id) => input.state[id] && !isTerminal(input.state[id].state))
      .map((id) => ({ nodeId: id, name: name(id), state: nodeStateWords(input.state[id]!.state) })),
  };
}
