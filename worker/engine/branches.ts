// Per-branch view of a run, for the run page and the end-of-run report.
import { hasFailure, isTerminal } from "./outcome";
import { childIds, type Topology } from "./topology";
import type { RunState } from "./types";

export type BranchStatus =
  "running" | "failed" | "cancelled" | "rejected" | "succeeded" | "skipped";

/** A node that ended the chain below it, and the nodes it left skipped. */
export interface BranchIncident {
  nodeId: string;
  blocked: string[];
}

export interface BranchSummary {
  /** The child of the trigger the branch hangs from. */
  rootNodeId: string;
  /** The root and everything below it, in topological order. */
  nodeIds: string[];
  status: BranchStatus;
  failures: BranchIncident[];
  rejections: BranchIncident[];
}

/**
 * One summary per child of the trigger; a node reachable from several is listed in each.
 * Status, first match wins: running (something not terminal), failed (a node failed or
 * was skipped because of a failure, or a for-each partly succeeded), cancelled, rejected (a gate rejected or a node
 * skipped because of it), skipped (nothing succeeded, e.g. a false condition at the
 * top), else succeeded.
 */
export function summarizeBranches(topo: Topology, state: RunState): BranchSummary[] {
  const position = new Map(topo.order.map((id, i) => [id, i]));
  const roots = [...new Set(childIds(topo, topo.triggerId))];
  return roots.map((rootNodeId) => {
    const nodeIds = [...descendantsAndSelf(topo, rootNodeId)].sort(
      (a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0),
    );
    return {
      rootNodeId,
      nodeIds,
      status: branchStatus(nodeIds, state),
      failures: incidents(nodeIds, state, "failed"),
      rejections: incidents(nodeIds, state, "rejected"),
    };
  });
}

function branchStatus(nodeIds: string[], state: RunState): BranchStatus {
  const states = nodeIds.map((id) => state[id]?.state ?? "pending");
  // A node skipped because of a failure elsewhere (it hangs below several branches)
  // still makes this branch failed, and so does a for-each some of whose items failed.
  const touchedBy = (kind: "failed" | "rejected") =>
    nodeIds.some(
      (id) =>
        is(kind, state[id]) || (state[id]?.rootCause ?? []).some((root) => is(kind, state[root])),
    );
  if (states.some((s) => !isTerminal(s))) return "running";
  if (touchedBy("failed")) return "failed";
  if (states.includes("cancelled")) return "cancelled";
  if (touchedBy("rejected")) return "rejected";
  if (!states.includes("succeeded")) return "skipped";
  return "succeeded";
}

/** Nodes of the branch in `kind`, each with the branch nodes whose root cause it is. */
function incidents(
  nodeIds: string[],
  state: RunState,
  kind: "failed" | "rejected",
): BranchIncident[] {
  return nodeIds
    .filter((id) => is(kind, state[id]))
    .map((nodeId) => ({
      nodeId,
      blocked: nodeIds.filter((id) => state[id]?.rootCause?.includes(nodeId)),
    }));
}

/** A for-each some of whose items failed counts as a failure. */
function is(kind: "failed" | "rejected", status: RunState[string] | undefined): boolean {
  return kind === "failed" ? hasFailure(status) : status?.state === kind;
}

function descendantsAndSelf(topo: Topology, rootId: string): Set<string> {
  const seen = new Set([rootId]);
  const queue = [rootId];
  for (let i = 0; i < queue.length; i++) {
    for (const child of childIds(topo, queue[i]!)) {
      if (seen.has(child)) continue;
      seen.add(child);
      queue.push(child);
    }
  }
  return seen;
}
