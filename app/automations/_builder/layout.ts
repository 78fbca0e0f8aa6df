import { Graph as DagreGraph, layout } from "@dagrejs/dagre";
import type { Graph, GraphNode } from "../../../worker/engine/types";

export const NODE_WIDTH = 180;
export const NODE_HEIGHT = 56;
/** A for-each's box lists its body's steps, one line each. */
const BODY_LINE_HEIGHT = 16;

export function nodeHeight(node: GraphNode): number {
  const steps = node.forEach?.body?.nodes?.length ?? 0;
  return NODE_HEIGHT + (steps > 0 ? 8 + steps * BODY_LINE_HEIGHT : 0);
}

/** Top-to-bottom positions from dagre, so nobody drags boxes around to read a graph. */
export function layoutGraph(graph: Graph): Map<string, { x: number; y: number }> {
  const g = new DagreGraph();
  g.setGraph({ rankdir: "TB", nodesep: 40, ranksep: 70 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes)
    g.setNode(node.id, { width: NODE_WIDTH, height: nodeHeight(node) });
  for (const edge of graph.edges) {
    if (g.hasNode(edge.from) && g.hasNode(edge.to)) g.setEdge(edge.from, edge.to);
  }
  layout(g);
  const positions = new Map<string, { x: number; y: number }>();
  for (const node of graph.nodes) {
    const { x, y } = g.node(node.id);
    // dagre gives centres; React Flow places nodes by their top-left corner.
    positions.set(node.id, { x: x - NODE_WIDTH / 2, y: y - nodeHeight(node) / 2 });
  }
  return positions;
}
