import type { Attempt, NodeRun } from "../../prisma/client";
import { summarizeBranches } from "../engine/index";
import type { RunState } from "../engine/types";
import {
  branchStatusWords,
  errorWords,
  listWords,
  nodeStateWords,
  runOutcomeWords,
  stepNames,
  type StepNames,
} from "../names";
import { toNodeStatus } from "../runs/locked-run";
import type { RunDetails } from "../runs/get-run";

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

function duration(a: Date | null, b: Date | null) {
  if (!a || !b) return "";
  const ms = b.getTime() - a.getTime();
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function describeError(a: Attempt) {
  return `${errorWords(a.errorClass)}: ${a.message ?? ""}`.trim();
}

/** "blocked by A; root cause B", by name. */
function blockedWords(row: NodeRun, name: StepNames) {
  return `blocked by ${listWords(row.blockedBy.map(name))} (root cause: ${listWords(row.rootCause.map(name))})`;
}

/** A for-each's end in words: "2 of 12 items failed"; "" for any other node. */
function itemCounts(output: unknown): string {
  if (!output || typeof output !== "object" || !("total" in output)) return "";
  const { total, failedCount } = output as { total: number; failedCount: number };
  const n = (x: number) => x.toLocaleString("en");
  return failedCount > 0 ? `${n(failedCount)} of ${n(total)} items failed` : `${n(total)} items`;
}

/** One progress line for a node whose state changed. */
export function describeNodeProgress(name: StepNames, row: NodeRun, attempts: Attempt[]): string {
  const last = attempts.at(-1);
  let detail: string;
  const items = itemCounts(row.output);
  switch (row.state) {
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
      detail = nodeStateWords(row.state);
  }
  return `${clock()}  ${MARK[row.state] ?? " "} ${name(row.nodeId).padEnd(28)} ${detail}`;
}

/** The per-branch summary printed at the end of a run and by `runs show`. */
export function formatRunSummary(run: RunDetails): string {
  const state: RunState = {};
  for (const row of run.nodeRuns) state[row.nodeId] = toNodeStatus(row);
  const rows = new Map(run.nodeRuns.map((r) => [r.nodeId, r]));
  const name = stepNames(run.topo.graph);
  const lines: string[] = [];
  lines.push(
    `Run ${run.id} — ${run.automation.name} — ${runOutcomeWords(run.status).toUpperCase()} (generation ${run.generation})`,
  );
  for (const branch of summarizeBranches(run.topo, state)) {
    lines.push("");
    lines.push(`Branch ${name(branch.rootNodeId)}: ${branchStatusWords(branch.status)}`);
    for (const nodeId of branch.nodeIds) {
      const row = rows.get(nodeId);
      if (!row) continue;
      lines.push(
        `  ${MARK[row.state] ?? " "} ${name(nodeId).padEnd(28)} ${nodeLine(row, run.attempts, name)}`,
      );
    }
  }
  if (run.status === "partially_succeeded" || run.status === "failed") {
    lines.push("");
    lines.push(`Retry the failed part: npm run switchyard -- runs retry ${run.id}`);
  }
  return lines.join("\n");
}

function nodeLine(row: NodeRun, allAttempts: Attempt[], name: StepNames): string {
  const attempts = allAttempts.filter(
    (a) => a.nodeId === row.nodeId && a.generation === row.generation,
  );
  const last = attempts.at(-1);
  switch (row.state) {
    case "failed":
      return `failed — ${last ? describeError(last) : "no attempt"}; ${attempts.length} attempt(s), last at ${last?.endedAt?.toISOString() ?? "?"}`;
    case "skipped":
      return row.reason === "condition_false"
        ? "skipped (condition false)"
        : `skipped — ${blockedWords(row, name)}`;
    case "succeeded":
      return `succeeded${attempts.length > 1 ? ` after ${attempts.length} attempts` : ""}`;
    default:
      return nodeStateWords(row.state);
  }
}
