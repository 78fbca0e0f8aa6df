import { summarizeBranches } from "../engine/branches";
import type { Topology } from "../engine/topology";
import type { NodeStatus, RunState } from "../engine/types";
import {
  branchStatusWords,
  errorWords,
  listWords,
  nodeStateWords,
  runOutcomeWords,
  stepNames,
  type StepNames,
} from "../names";
import type { RunAnswer } from "./client/switchyard-client";

type NodeRun = RunAnswer["nodeRuns"][number];
type Attempt = RunAnswer["attempts"][number];

/** A run as the REST API answers it, with its version's topology to name and group steps. */
export interface RunView {
  run: RunAnswer;
  topo: Topology;
}

const MARK: Record<string, string> = {
  succeeded: "✔",
  failed: "✘",
  skipped: "○",
  rejected: "⊘",
  cancelled: "■",
  running: "…",
  retrying: "↻",
  queued: "·",
  pending: "·",
  waiting_approval: "⏸",
  waiting_connection: "⏸",
  partially_succeeded: "◐",
  waiting_rate_limit: "⏸",
};

function clock(d: Date = new Date()) {
  return d.toISOString().slice(11, 19);
}

function duration(a: string | null, b: string | null) {
  if (!a || !b) return "";
  const ms = Date.parse(b) - Date.parse(a);
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function describeError(a: Attempt) {
  return `${errorWords(a.errorClass)}: ${a.message ?? ""}`.trim();
}

/** "blocked by A; root cause B", by name. */
function blockedWords(row: NodeRun, name: StepNames) {
  return `blocked by ${listWords(row.blockedBy.map(name))} (root cause: ${listWords(row.rootCause.map(name))})`;
}

/**
 * A for-each's end in words: "2 of 12 items failed"; after a retry, how many items kept
 * an earlier success: "12 items, 10 kept from an earlier generation"; "" for any other node.
 */
function itemCounts(output: unknown): string {
  if (!output || typeof output !== "object" || !("total" in output)) return "";
  const { total, failedCount, keptCount } = output as {
    total: number;
    failedCount: number;
    keptCount?: number;
  };
  const n = (x: number) => x.toLocaleString("en");
  const counts =
    failedCount > 0 ? `${n(failedCount)} of ${n(total)} items failed` : `${n(total)} items`;
  return keptCount ? `${counts}, ${n(keptCount)} kept from an earlier generation` : counts;
}

/** One progress line for a node whose state changed; `generation` is the run's. */
export function describeNodeProgress(
  name: StepNames,
  row: NodeRun,
  attempts: Attempt[],
  generation: number,
): string {
  const last = attempts.at(-1);
  let detail: string;
  const items = itemCounts(row.output);
  switch (kept(row, generation) ? "kept" : row.state) {
    case "kept":
      // A retry keeps what succeeded: the service saw no new call.
      detail = `${nodeStateWords(row.state)}: kept from generation ${row.generation}`;
      break;
    case "running":
      // A for-each has no attempts of its own: its items do.
      detail = last ? `running (attempt ${last.number})` : "running";
      break;
    case "retrying":
      detail = `attempt ${last?.number ?? "?"} failed (${last ? describeError(last) : "?"}); will retry`;
      break;
    case "partially_succeeded":
      detail = `partly succeeded: ${items}`;
      break;
    case "succeeded":
      detail = items
        ? `succeeded: ${items}`
        : attempts.length === 0
          ? "succeeded (condition is true)"
          : `succeeded after ${attempts.length} attempt(s) in ${duration(row.startedAt, row.endedAt)}`;
      break;
    case "failed":
      detail = `failed after ${attempts.length} attempt(s): ${last ? describeError(last) : ""}`;
      break;
    case "skipped":
      detail =
        row.reason === "condition_false"
          ? "skipped: condition is false"
          : `skipped: ${blockedWords(row, name)}`;
      break;
    case "waiting_approval":
      detail = "waiting for approval";
      break;
    case "waiting_connection":
      detail = "waiting for its connection to be repaired";
      break;
    case "waiting_rate_limit":
      detail = "waiting for rate limit: its connection is at its limits";
      break;
    default:
      detail = stateWords(row);
  }
  return `${clock()}  ${MARK[row.state] ?? " "} ${name(row.nodeId).padEnd(28)} ${detail}`;
}

/** A node a retry did not run again: its result is from an earlier generation. */
function kept(row: NodeRun, generation: number) {
  return row.generation < generation;
}

/** The per-branch summary printed at the end of a run and by `runs show`. */
export function formatRunSummary({ run, topo }: RunView): string {
  const state: RunState = {};
  for (const row of run.nodeRuns) {
    state[row.nodeId] = {
      state: row.state as NodeStatus["state"],
      reason: (row.reason as NodeStatus["reason"]) ?? null,
      blockedBy: row.blockedBy,
      rootCause: row.rootCause,
      output: row.output ?? undefined,
    };
  }
  const rows = new Map(run.nodeRuns.map((r) => [r.nodeId, r]));
  const name = stepNames(topo.graph);
  const lines: string[] = [];
  lines.push(
    `Run ${run.id} — ${run.automation.name} — ${runOutcomeWords(run.status).toUpperCase()} (generation ${run.generation})`,
  );
  for (const branch of summarizeBranches(topo, state)) {
    lines.push("");
    lines.push(`Branch ${name(branch.rootNodeId)}: ${branchStatusWords(branch.status)}`);
    for (const nodeId of branch.nodeIds) {
      const row = rows.get(nodeId);
      if (!row) continue;
      lines.push(
        `  ${MARK[row.state] ?? " "} ${name(nodeId).padEnd(28)} ${nodeLine(row, run, name)}`,
      );
    }
  }
  if (run.status === "partially_succeeded" || run.status === "failed") {
    lines.push("");
    lines.push(`Retry the failed part: npm run switchyard -- runs retry ${run.id}`);
  }
  return lines.join("\n");
}

function nodeLine(row: NodeRun, run: RunAnswer, name: StepNames): string {
  const attempts = run.attempts.filter(
    (a) => a.nodeId === row.nodeId && a.generation === row.generation,
  );
  const last = attempts.at(-1);
  switch (row.state) {
    case "failed":
      return `failed — ${last ? describeError(last) : "no attempt"}; ${attempts.length} attempt(s), last at ${last?.endedAt ?? "?"}`;
    case "skipped":
      return row.reason === "condition_false"
        ? "skipped (condition false)"
        : `skipped — ${blockedWords(row, name)}`;
    case "succeeded":
      return `succeeded${attempts.length > 1 ? ` after ${attempts.length} attempts` : ""}${kept(row, run.generation) ? ` (kept from generation ${row.generation})` : ""}`;
    default:
      return stateWords(row);
  }
}

/** A step due on a worker group with no live worker says so (docs/deploy.md, "Worker groups"). */
function stateWords(row: NodeRun): string {
  return row.waitingForGroup
    ? `waiting for a worker in ${row.waitingForGroup}`
    : nodeStateWords(row.state);
}
