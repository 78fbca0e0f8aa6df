// Graph-shape problems: triggers, ids, edges, cycles, reachability.
import { childIds, reachableFrom, type Topology } from "./topology";
import type { Graph, ValidationProblem } from "./types";

/** A step as a person knows it: its name, or its id while it has none, quoted. */
function stepLabel(topo: Topology, id: string): string {
  return `"${topo.nodesById.get(id)?.name?.trim() || id}"`;
}

export function structureProblems(graph: Graph, topo: Topology): ValidationProblem[] {
  return [
    ...triggerProblems(graph),
    ...duplicateIdProblems(graph),
    ...edgeProblems(graph, topo),
    ...cycleProblems(topo),
    ...unreachableProblems(graph, topo),
  ];
}

function triggerProblems(graph: Graph): ValidationProblem[] {
  const triggers = graph.nodes.filter((node) => node.type === "trigger");
  if (triggers.length === 0) {
    return [
      { nodeId: null, field: "nodes", message: "the graph needs exactly one trigger; it has none" },
    ];
  }
  return triggers.slice(1).map((node) => ({
    nodeId: node.id,
    field: "type",
    message: `the graph needs exactly one trigger; "${triggers[0]!.name?.trim() || triggers[0]!.id}" is already the trigger`,
  }));
}

function duplicateIdProblems(graph: Graph): ValidationProblem[] {
  const firstIndex = new Map<string, number>();
  const problems: ValidationProblem[] = [];
  graph.nodes.forEach((node, i) => {
    const first = firstIndex.get(node.id);
    if (first === undefined) firstIndex.set(node.id, i);
    else {
      problems.push({
        nodeId: node.id,
        field: "id",
        message: `node id "${node.id}" is used by nodes[${first}] and nodes[${i}]`,
      });
    }
  });
  return problems;
}

export function edgeProblems(graph: Graph, topo: Topology): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const firstEdge = new Map<string, number>();
  graph.edges.forEach((edge, i) => {
    const field = `edges[${i}]`;
    const known = [edge.from, edge.to].find((id) => topo.nodesById.has(id)) ?? null;
    for (const id of new Set([edge.from, edge.to])) {
      if (topo.nodesById.has(id)) continue;
      problems.push({
        nodeId: known,
        field,
        message: `edge ${edge.from} -> ${edge.to} points to unknown node "${id}"`,
      });
    }
    if (edge.from === edge.to) {
      problems.push({
        nodeId: edge.from,
        field,
        message: `step ${stepLabel(topo, edge.from)} has an edge to itself`,
      });
    }
    const key = JSON.stringify([edge.from, edge.to]);
    const first = firstEdge.get(key);
    if (first === undefined) firstEdge.set(key, i);
    else {
      problems.push({
        nodeId: edge.to,
        field,
        message: `edge ${edge.from} -> ${edge.to} duplicates edges[${first}]`,
      });
    }
    if (topo.nodesById.get(edge.to)?.type === "trigger") {
      problems.push({
        nodeId: edge.to,
        field,
        message: `the trigger ${stepLabel(topo, edge.to)} cannot have incoming edges`,
      });
    }
  });
  return problems;
}

/** One problem per strongly connected group of nodes (self-loops are reported as edges). */
export function cycleProblems(topo: Topology): ValidationProblem[] {
  return stronglyConnectedComponents(topo)
    .filter((component) => component.length > 1)
    .map((component) => {
      const example = exampleCycle(topo, component);
      return {
        nodeId: example[0]!,
        field: "edges",
        message: `steps ${component.map((id) => stepLabel(topo, id)).join(", ")} form a cycle: ${example.map((id) => stepLabel(topo, id)).join(" → ")}; remove one of these edges`,
      };
    });
}

/** Kosaraju: finish order on outgoing edges, then collect along incoming edges. */
function stronglyConnectedComponents(topo: Topology): string[][] {
  const visited = new Set<string>();
  const finished: string[] = [];
  for (const start of topo.nodesById.keys()) {
    if (visited.has(start)) continue;
    visited.add(start);
    const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const edge = topo.children.get(top.id)?.[top.next++];
      if (!edge) {
        stack.pop();
        finished.push(top.id);
      } else if (!visited.has(edge.to)) {
        visited.add(edge.to);
        stack.push({ id: edge.to, next: 0 });
      }
    }
  }
  const assigned = new Set<string>();
  const components: string[][] = [];
  for (const start of finished.reverse()) {
    if (assigned.has(start)) continue;
    assigned.add(start);
    const component = [start];
    for (let i = 0; i < component.length; i++) {
      for (const edge of topo.parents.get(component[i]!) ?? []) {
        if (assigned.has(edge.from)) continue;
        assigned.add(edge.from);
        component.push(edge.from);
      }
    }
    components.push(component);
  }
  const position = new Map([...topo.nodesById.keys()].map((id, i) => [id, i]));
  // Declaration order, so messages do not depend on how the search happened to run.
  return components.map((component) =>
    component.sort((a, b) => position.get(a)! - position.get(b)!),
  );
}

/** A shortest cycle through the component's first node, as a path ending where it starts. */
function exampleCycle(topo: Topology, component: string[]): string[] {
  const members = new Set(component);
  const start = component[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    for (const child of childIds(topo, queue[i]!)) {
      if (!members.has(child) || cameFrom.has(child)) continue;
      cameFrom.set(child, queue[i]!);
      if (child === start) {
        const path = [start];
        for (let at = cameFrom.get(start)!; at !== start; at = cameFrom.get(at)!) path.unshift(at);
        return [start, ...path];
      }
      queue.push(child);
    }
  }
  return component;
}

function unreachableProblems(graph: Graph, topo: Topology): ValidationProblem[] {
  const triggers = graph.nodes.filter((node) => node.type === "trigger").map((node) => node.id);
  // Without a trigger everything would be "unreachable"; the missing trigger says enough.
  if (triggers.length === 0) return [];
  const reached = reachableFrom(topo, triggers);
  return [...topo.nodesById.keys()]
    .filter((id) => !reached.has(id))
    .map((id) => ({
      nodeId: id,
      field: "edges",
      message: `step ${stepLabel(topo, id)} is not reachable from the trigger`,
    }));
}
