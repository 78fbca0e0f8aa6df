// The builder's changes to a graph, pure so they can be tested without a browser: new
// steps with ids unique across the whole graph (for-each bodies included, since body
// step ids are global), and the body of a for-each edited as a small graph of its own.
import { allSteps } from "../../../worker/engine/for-each";
import type { EdgeKind, ForEachSpec, Graph, GraphNode } from "../../../worker/engine/types";
import type { AddableType } from "./add-step";

const ID_BASE: Record<AddableType, string> = {
  action: "step",
  approval: "approval",
  condition: "condition",
  foreach: "for_each",
};

/** A fresh node of the given type, its id not used anywhere in `graph`. */
export function newNode(graph: Pick<Graph, "nodes">, type: AddableType): GraphNode {
  const used = new Set(allSteps(graph).map((n) => n.id));
  let n = used.size;
  while (used.has(`${ID_BASE[type]}_${n}`)) n++;
  const id = `${ID_BASE[type]}_${n}`;
  if (type === "condition") {
    return { id, type, condition: { left: "", operator: "equals", right: "" } };
  }
  if (type === "foreach") {
    return { id, type, forEach: { items: "", body: { nodes: [], edges: [] } } };
  }
  return { id, type };
}

/** The node plus an edge from `after` to it (none when `after` is ""). */
export function withNode<G extends Graph>(
  graph: G,
  node: GraphNode,
  after: string,
  kind: EdgeKind,
): G {
  return {
    ...graph,
    nodes: [...graph.nodes, node],
    edges: after ? [...graph.edges, { from: after, to: node.id, kind }] : graph.edges,
  };
}

/** The graph without the node and the edges touching it. */
export function withoutNode<G extends Graph>(graph: G, id: string): G {
  return {
    ...graph,
    nodes: graph.nodes.filter((n) => n.id !== id),
    edges: graph.edges.filter((e) => e.from !== id && e.to !== id),
  };
}

/** A for-each's body, never absent (a node loaded from JSON may lack parts of it). */
export function bodyOf(node: GraphNode): Graph {
  return { nodes: node.forEach?.body?.nodes ?? [], edges: node.forEach?.body?.edges ?? [] };
}

/** The for-each node with its spec changed; a missing spec starts empty. */
export function withForEach(node: GraphNode, patch: Partial<ForEachSpec>): GraphNode {
  const spec: ForEachSpec = { items: "", body: bodyOf(node), ...node.forEach, ...patch };
  return { ...node, forEach: spec };
}
