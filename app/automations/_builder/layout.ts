import { Graph as DagreGraph, layout } from "@dagrejs/dagre";
import type { GraphEdge, GraphNode } from "../../../worker/engine/types";

export const NODE_WIDTH = 180;
export const NODE_HEIGHT = 56;
const NODE_GAP = 40;
const RANK_GAP = 70;
/** A for-each's box lists its body's steps, one line each. */
const BODY_LINE_HEIGHT = 16;

export function nodeHeight(node: Pick<GraphNode, "forEach">): number {
  return boxHeight(node.forEach?.body?.nodes?.length ?? 0);
}

/** A box's height when it lists `bodySteps` steps of a for-each's body (0: any other node). */
export function boxHeight(bodySteps: number): number {
  return NODE_HEIGHT + (bodySteps > 0 ? 8 + bodySteps * BODY_LINE_HEIGHT : 0);
}

/**
 * Above this many boxes (nodes, plus one per rank an edge skips: dagre draws long edges
 * through such dummies), dagre's crossing reduction takes seconds, and minutes for a
 * 500-node fan-out (docs/limits.md); such graphs get the plain layered layout instead.
 */
const DAGRE_BUDGET = 400;

type Positions = Map<string, { x: number; y: number }>;

/** All a layout reads of a graph: which nodes there are and which edges join them. */
export interface GraphShape {
  nodes: Pick<GraphNode, "id" | "forEach">[];
  edges: Pick<GraphEdge, "from" | "to">[];
}

/**
 * Top-to-bottom positions, so nobody drags boxes around to read a graph: dagre's while
 * it is quick, otherwise layers by longest path. Top-left corners, as React Flow places
 * nodes.
 */
export function layoutGraph(graph: GraphShape): Positions {
  const ranks = longestPathRanks(graph);
  let boxes = ranks.size;
  for (const edge of graph.edges) {
    const span = (ranks.get(edge.to) ?? 0) - (ranks.get(edge.from) ?? 0);
    if (span > 1) boxes += span - 1;
  }
  return boxes <= DAGRE_BUDGET ? dagreLayout(graph) : layeredLayout(graph, ranks);
}

function dagreLayout(graph: GraphShape): Positions {
  const g = new DagreGraph();
  g.setGraph({ rankdir: "TB", nodesep: NODE_GAP, ranksep: RANK_GAP });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes)
    g.setNode(node.id, { width: NODE_WIDTH, height: nodeHeight(node) });
  for (const edge of graph.edges) {
    if (g.hasNode(edge.from) && g.hasNode(edge.to)) g.setEdge(edge.from, edge.to);
  }
  layout(g);
  const positions: Positions = new Map();
  for (const node of graph.nodes) {
    const { x, y } = g.node(node.id);
    // dagre gives centres.
    positions.set(node.id, { x: x - NODE_WIDTH / 2, y: y - nodeHeight(node) / 2 });
  }
  return positions;
}

/**
 * Each node one rank below its lowest parent. Kahn's order, in loops (no recursion); a
 * node on a cycle (a graph being edited may have one) is ranked from the parents ranked
 * before it.
 */
function longestPathRanks(graph: GraphShape): Map<string, number> {
  const ranks = new Map<string, number>();
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const node of graph.nodes) {
    parents.set(node.id, []);
    children.set(node.id, []);
  }
  for (const edge of graph.edges) {
    if (!parents.has(edge.to) || !children.has(edge.from) || edge.from === edge.to) continue;
    parents.get(edge.to)!.push(edge.from);
    children.get(edge.from)!.push(edge.to);
  }
  const waiting = new Map([...parents].map(([id, list]) => [id, list.length]));
  const rankFromParents = (id: string) =>
    Math.max(-1, ...parents.get(id)!.map((p) => ranks.get(p) ?? -1)) + 1;
  const settle = (start: string) => {
    const queue = [start];
    for (let i = 0; i < queue.length; i++) {
      const id = queue[i]!;
      ranks.set(id, rankFromParents(id));
      for (const child of children.get(id)!) {
        const left = waiting.get(child)! - 1;
        waiting.set(child, left);
        if (left === 0 && !ranks.has(child)) queue.push(child);
      }
    }
  };
  for (const [id, count] of waiting) if (count === 0 && !ranks.has(id)) settle(id);
  for (const id of parents.keys()) if (!ranks.has(id)) settle(id);
  return ranks;
}

/**
 * Ranks top to bottom; within a rank, nodes in the order of their parents' mean place
 * (one pass down, declaration order breaking ties), centred. Linear in nodes and edges.
 */
function layeredLayout(graph: GraphShape, ranks: Map<string, number>): Positions {
  const declared = new Map(graph.nodes.map((node, i) => [node.id, i]));
  const heights = new Map(graph.nodes.map((node) => [node.id, nodeHeight(node)]));
  const parentsOf = new Map<string, string[]>();
  for (const edge of graph.edges) {
    if (!declared.has(edge.from)) continue;
    const list = parentsOf.get(edge.to);
    if (list) list.push(edge.from);
    else parentsOf.set(edge.to, [edge.from]);
  }
  const byRank: string[][] = [];
  for (const [id, rank] of ranks) (byRank[rank] ??= []).push(id);
  const place = new Map<string, number>();
  const positions: Positions = new Map();
  let top = 0;
  byRank.forEach((ids) => {
    const mean = (id: string) => {
      const placed = (parentsOf.get(id) ?? [])
        .map((p) => place.get(p))
        .filter((x) => x !== undefined);
      return placed.length === 0 ? 0 : placed.reduce((a, b) => a + b, 0) / placed.length;
    };
    const ordered = ids
      .map((id) => ({ id, mean: mean(id) }))
      .sort((a, b) => a.mean - b.mean || declared.get(a.id)! - declared.get(b.id)!);
    ordered.forEach(({ id }, i) => {
      const centre = (i - (ordered.length - 1) / 2) * (NODE_WIDTH + NODE_GAP);
      place.set(id, centre);
      positions.set(id, { x: centre - NODE_WIDTH / 2, y: top });
    });
    top += Math.max(...ids.map((id) => heights.get(id)!)) + RANK_GAP;
  });
  return positions;
}
