// Adjacency and ancestry of a graph, computed once per graph version and reused by
// every decision of every run pinned to it.
import type { Graph, GraphEdge, GraphNode } from "./types";

export interface Topology {
  graph: Graph;
  nodesById: Map<string, GraphNode>;
  /** Incoming edges of each node (every node has an entry, possibly empty). */
  parents: Map<string, GraphEdge[]>;
  /** Outgoing edges of each node (every node has an entry, possibly empty). */
  children: Map<string, GraphEdge[]>;
  triggerId: string;
  /** Topological order; ties keep the order nodes are declared in. */
  order: string[];
}

/**
 * Expects a validated graph. validateGraph also builds one from an invalid graph to keep
 * reporting, so it degrades instead of throwing: a duplicate id keeps its first node,
 * edges touching unknown nodes are dropped, nodes on or below a cycle are missing from
 * `order`, and `triggerId` is "" when there is no trigger.
 */
export function buildTopology(graph: Graph): Topology {
  const nodesById = new Map<string, GraphNode>();
  const parents = new Map<string, GraphEdge[]>();
  const children = new Map<string, GraphEdge[]>();
  for (const node of graph.nodes) {
    if (nodesById.has(node.id)) continue;
    nodesById.set(node.id, node);
    parents.set(node.id, []);
    children.set(node.id, []);
  }
  for (const edge of graph.edges) {
    const incoming = parents.get(edge.to);
    const outgoing = children.get(edge.from);
    if (!incoming || !outgoing) continue;
    incoming.push(edge);
    outgoing.push(edge);
  }
  const trigger = graph.nodes.find((node) => node.type === "trigger");
  return {
    graph,
    nodesById,
    parents,
    children,
    triggerId: trigger?.id ?? "",
    order: topologicalOrder([...nodesById.keys()], parents, children),
  };
}

/** Kahn's algorithm; nodes on a cycle never reach in-degree 0 and are left out. */
function topologicalOrder(
  ids: string[],
  parents: Map<string, GraphEdge[]>,
  children: Map<string, GraphEdge[]>,
): string[] {
  const remaining = new Map(ids.map((id) => [id, parents.get(id)?.length ?? 0]));
  const order = ids.filter((id) => remaining.get(id) === 0);
  for (let i = 0; i < order.length; i++) {
    for (const edge of children.get(order[i]!) ?? []) {
      const left = remaining.get(edge.to)! - 1;
      remaining.set(edge.to, left);
      if (left === 0) order.push(edge.to);
    }
  }
  return order;
}

export function childIds(topo: Topology, id: string): string[] {
  return (topo.children.get(id) ?? []).map((edge) => edge.to);
}

/** Every node reachable from `starts` along edges, the starts included. */
export function reachableFrom(topo: Topology, starts: readonly string[]): Set<string> {
  const reached = new Set(starts);
  const queue = [...reached];
  for (let i = 0; i < queue.length; i++) {
    for (const child of childIds(topo, queue[i]!)) {
      if (reached.has(child)) continue;
      reached.add(child);
      queue.push(child);
    }
  }
  return reached;
}

// Ancestry is asked for per node (validation, reports); caching per topology keeps
// repeated questions cheap without putting mutable fields on the Topology itself.
const ancestorCache = new WeakMap<Topology, Map<string, Set<string>>>();
const guaranteedCache = new WeakMap<Topology, Map<string, Set<string>>>();

/** Every node with a path to `id` (not `id` itself unless it sits on a cycle). */
export function ancestorsOf(topo: Topology, id: string): Set<string> {
  return cached(ancestorCache, topo, id, () => reachBackwards(topo, id, () => true));
}

/**
 * Ancestors certain to have succeeded whenever `id` runs: a node runs only if all its
 * dependent parents succeeded (R2), and those in turn ran, so this is everything reachable
 * backwards through dependent edges only, plus the trigger, which always succeeds.
 */
export function guaranteedSucceededAncestors(topo: Topology, id: string): Set<string> {
  return cached(guaranteedCache, topo, id, () => {
    const guaranteed = reachBackwards(topo, id, (edge) => edge.kind === "dependent");
    if (topo.triggerId !== "" && topo.triggerId !== id) guaranteed.add(topo.triggerId);
    return guaranteed;
  });
}

function cached(
  cache: WeakMap<Topology, Map<string, Set<string>>>,
  topo: Topology,
  id: string,
  compute: () => Set<string>,
): Set<string> {
  let perNode = cache.get(topo);
  if (!perNode) {
    perNode = new Map();
    cache.set(topo, perNode);
  }
  let result = perNode.get(id);
  if (!result) {
    result = compute();
    perNode.set(id, result);
  }
  return result;
}

/** Breadth-first walk up the incoming edges that `follow` accepts; safe on cycles. */
function reachBackwards(
  topo: Topology,
  id: string,
  follow: (edge: GraphEdge) => boolean,
): Set<string> {
  const seen = new Set<string>();
  const queue = [id];
  for (let i = 0; i < queue.length; i++) {
    for (const edge of topo.parents.get(queue[i]!) ?? []) {
      if (!follow(edge) || seen.has(edge.from)) continue;
      seen.add(edge.from);
      queue.push(edge.from);
    }
  }
  return seen;
}
