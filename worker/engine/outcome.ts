// Terminal states and the run outcome (R11).
import type { Graph, NodeState, NodeStatus, RunState, RunStatus, TerminalState } from "./types";

const TERMINAL_STATES: ReadonlySet<NodeState> = new Set<TerminalState>([
  "succeeded",
  "failed",
  "skipped",
  "rejected",
  "cancelled",
  "partially_succeeded",
]);

export function isTerminal(state: NodeState): boolean {
  return TERMINAL_STATES.has(state);
}

/**
 * null while any node is not terminal (a node missing from `state` counts as not
 * terminal). Rejections and condition skips are decisions, not failures, so they
 * alone leave the run succeeded. A for-each that partly succeeded counts as a failed node
 * and a succeeded action (its items' own counts are the shell's, in SQL).
 */
export function runOutcome(graph: Graph, state: RunState): RunStatus | null {
  const statuses = graph.nodes.map((node) => state[node.id]);
  if (statuses.some((status) => !status || !isTerminal(status.state))) return null;
  const settled = statuses as NodeStatus[];
  return outcomeFromCounts({
    cancelled: settled.filter((status) => status.state === "cancelled").length,
    failed: settled.filter((s) => s.state === "failed" || s.state === "partially_succeeded").length,
    succeededActions: graph.nodes.filter((node) => {
      const nodeState = state[node.id]?.state;
      if (node.type === "action") return nodeState === "succeeded";
      return node.type === "foreach" && nodeState === "partially_succeeded";
    }).length,
  });
}

export interface SettledCounts {
  cancelled: number;
  failed: number;
  succeededActions: number;
}

/** R11 from counts over a run whose nodes are all terminal (a shell counts them in SQL). */
export function outcomeFromCounts(counts: SettledCounts): RunStatus {
  if (counts.cancelled > 0) return "cancelled";
  if (counts.failed === 0) return "succeeded";
  return counts.succeededActions > 0 ? "partially_succeeded" : "failed";
}

/** Whether the node failed, or is a for-each some of whose items failed. */
export function hasFailure(status: NodeStatus | undefined): boolean {
  return status?.state === "failed" || status?.state === "partially_succeeded";
}

/** Failed nodes and the nodes skipped because of one (their root cause includes it). */
export function failedOrBlockedByFailure(state: RunState): Set<string> {
  const failed = new Set(
    Object.entries(state)
      .filter(([, status]) => hasFailure(status))
      .map(([id]) => id),
  );
  const result = new Set(failed);
  for (const [id, status] of Object.entries(state)) {
    if (status.state === "skipped" && status.rootCause?.some((root) => failed.has(root))) {
      result.add(id);
    }
  }
  return result;
}
