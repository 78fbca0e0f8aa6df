// For-each nodes (docs/semantics.md, "For-each"): the body as a graph of its own, where
// a step lives, and the outcome of an item and of the whole node. Pure.
import { isTerminal } from "./outcome";
import { buildTopology, type Topology } from "./topology";
import type { Graph, GraphNode, NodeStatus, RunState, TerminalState } from "./types";

/** Where a step of the graph lives: at the top, or in the body of a for-each node. */
export interface StepLocation {
  node: GraphNode;
  /** The for-each node whose body holds the step; null at the top of the graph. */
  forEachId: string | null;
}

/** Every step of the graph, each for-each node followed by its body's steps. */
export function allSteps(graph: Pick<Graph, "nodes">): GraphNode[] {
  return graph.nodes.flatMap((node) => [node, ...(node.forEach?.body.nodes ?? [])]);
}

const locations = new WeakMap<Topology, Map<string, StepLocation>>();
const bodies = new WeakMap<Topology, Map<string, Topology>>();

/** Every step of the graph, top-level and inside for-each bodies, by id. */
export function stepLocations(topo: Topology): Map<string, StepLocation> {
  let found = locations.get(topo);
  if (!found) {
    found = new Map();
    for (const node of topo.graph.nodes) {
      if (!found.has(node.id)) found.set(node.id, { node, forEachId: null });
      for (const step of node.forEach?.body.nodes ?? []) {
        if (!found.has(step.id)) found.set(step.id, { node: step, forEachId: node.id });
      }
    }
    locations.set(topo, found);
  }
  return found;
}

export function findStep(topo: Topology, id: string): StepLocation | undefined {
  return stepLocations(topo).get(id);
}

/**
 * The body of a for-each node as a graph whose trigger is the for-each node itself,
 * standing for "the item has started": every body step without a parent in the body
 * hangs from it by a dependent edge. Deciding an item is then deciding this graph
 * (R1–R13 inside the item, with the same engine).
 */
export function bodyTopology(topo: Topology, forEachId: string): Topology {
  let perNode = bodies.get(topo);
  if (!perNode) {
    perNode = new Map();
    bodies.set(topo, perNode);
  }
  let body = perNode.get(forEachId);
  if (!body) {
    const node = topo.nodesById.get(forEachId);
    if (!node?.forEach) throw new Error(`"${forEachId}" is not a for-each node`);
    const steps = node.forEach.body;
    const withParent = new Set(steps.edges.map((edge) => edge.to));
    body = buildTopology({
      nodes: [{ id: forEachId, type: "trigger" }, ...steps.nodes],
      edges: [
        ...steps.nodes
          .filter((step) => !withParent.has(step.id))
          .map((step) => ({ from: forEachId, to: step.id, kind: "dependent" as const })),
        ...steps.edges,
      ],
    });
    perNode.set(forEachId, body);
  }
  return body;
}

/** The body's steps, in the order they are decided. */
export function bodyStepIds(body: Topology): string[] {
  return body.order.filter((id) => id !== body.triggerId);
}

export type ItemOutcome = "succeeded" | "failed" | "cancelled";

/**
 * null while a step of the item is open. An item fails when one of its steps failed
 * (whatever else succeeded); condition skips and their consequences are intended.
 */
export function itemOutcome(body: Topology, state: RunState): ItemOutcome | null {
  const statuses = bodyStepIds(body).map((id) => state[id]);
  if (statuses.some((status) => !status || !isTerminal(status.state))) return null;
  const settled = statuses as NodeStatus[];
  if (settled.some((status) => status.state === "cancelled")) return "cancelled";
  return settled.some((status) => status.state === "failed") ? "failed" : "succeeded";
}

/** Succeeded when every item did (also with no items), failed when none did. */
export function forEachOutcome(counts: {
  succeeded: number;
  notSucceeded: number;
}): Extract<TerminalState, "succeeded" | "failed" | "partially_succeeded"> {
  if (counts.notSucceeded === 0) return "succeeded";
  return counts.succeeded === 0 ? "failed" : "partially_succeeded";
}

/**
 * Whether a dependent child may run after this parent (R2): it succeeded, or it is a
 * for-each that partly succeeded and was set to continue with the items that did.
 */
export function satisfiesDependentEdge(parent: GraphNode | undefined, status: NodeStatus): boolean {
  if (status.state === "succeeded") return true;
  return status.state === "partially_succeeded" && parent?.forEach?.continueWithSucceeded === true;
}
