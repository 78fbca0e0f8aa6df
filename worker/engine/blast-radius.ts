// What one node's failure would do to the rest of its graph, for the builder's graph
// view. It plays the real decision rules (R1–R3) over a synthetic run instead of
// re-deriving them, so the picture can never disagree with what a run does.
import { applyDecisions, decideReady } from "./decide";
import { buildTopology } from "./topology";
import type { Graph, RunState } from "./types";

export interface BlastRadius {
  /** The node assumed to fail. */
  failed: string;
  /** Nodes that would be skipped, each with the parents that block it (R2). */
  skipped: { nodeId: string; blockedBy: string[] }[];
  /** Nodes below the failed one that would still run, through independent edges (R3). */
  stillRuns: string[];
}

/**
 * Every other node succeeds: approvals are approved and conditions hold (they are played
 * as plain steps), so the only cause of a skip is the failure of `nodeId`. Null for the
 * trigger, which never fails, and for an unknown node.
 */
export function blastRadius(graph: Graph, nodeId: string): BlastRadius | null {
  const node = graph.nodes.find((n) => n.id === nodeId);
  if (!node || node.type === "trigger") return null;
  const asSteps: Graph = {
    nodes: graph.nodes.map((n) => (n.type === "condition" ? { id: n.id, type: "action" } : n)),
    edges: graph.edges,
  };
  const topo = buildTopology(asSteps);
  let state: RunState = { [topo.triggerId]: { state: "succeeded", output: {} } };
  for (;;) {
    const decisions = decideReady(topo, state, { trigger: {} });
    state = applyDecisions(state, decisions);
    // Whatever was started ends at once: the chosen node fails, everything else succeeds.
    const started = Object.entries(state).filter(
      ([, s]) => s.state === "queued" || s.state === "waiting_approval",
    );
    if (decisions.length === 0 && started.length === 0) break;
    for (const [id] of started) {
      state[id] = id === nodeId ? { state: "failed" } : { state: "succeeded", output: {} };
    }
  }
  const below = descendants(topo.children, nodeId);
  return {
    failed: nodeId,
    skipped: topo.order
      .filter((id) => state[id]?.state === "skipped")
      .map((id) => ({ nodeId: id, blockedBy: state[id]?.blockedBy ?? [] })),
    stillRuns: topo.order.filter((id) => below.has(id) && state[id]?.state === "succeeded"),
  };
}

function descendants(children: Map<string, { to: string }[]>, rootId: string): Set<string> {
  const seen = new Set<string>();
  const queue = [rootId];
  for (let i = 0; i < queue.length; i++) {
    for (const edge of children.get(queue[i]!) ?? []) {
      if (seen.has(edge.to)) continue;
      seen.add(edge.to);
      queue.push(edge.to);
    }
  }
  return seen;
}
