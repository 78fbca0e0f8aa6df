// What is wrong with the graph as the canvas draws it, on the step or edge concerned, in
// words with step names. Pure: computed on every edit. Save still runs the full
// validation and lists every problem; this is the part a picture can show.
import { forEachString, referencesIn } from "../../../worker/engine/templates";
import { ancestorsOf, buildTopology, reachableFrom } from "../../../worker/engine/topology";
import type { Graph, GraphNode } from "../../../worker/engine/types";
import type { StepNames } from "../../../worker/names";

export interface CanvasProblems {
  /** By step id. */
  nodes: Record<string, string[]>;
  /** By `${from}->${to}`. */
  edges: Record<string, string[]>;
}

export const edgeKey = (edge: { from: string; to: string }) => `${edge.from}->${edge.to}`;

export function canvasProblems(graph: Graph, label: StepNames): CanvasProblems {
  const found: CanvasProblems = { nodes: {}, edges: {} };
  const add = (into: Record<string, string[]>, key: string, message: string) =>
    (into[key] ??= []).push(message);
  const topo = buildTopology(graph);
  const trigger = graph.nodes.find((n) => n.type === "trigger");
  for (const edge of graph.edges) {
    const key = edgeKey(edge);
    if (edge.to === trigger?.id) {
      add(found.edges, key, `Nothing can lead into ${label(edge.to)}: every run starts there.`);
    } else if (edge.from === edge.to || ancestorsOf(topo, edge.from).has(edge.to)) {
      add(found.edges, key, `This edge closes a loop: ${label(edge.to)} would wait for itself.`);
    }
  }
  const reached = reachableFrom(topo, trigger ? [trigger.id] : []);
  for (const node of graph.nodes) {
    if (node.type === "trigger") continue;
    if (trigger && !reached.has(node.id)) {
      add(
        found.nodes,
        node.id,
        `${label(node.id)} is not joined below the trigger: it would never run.`,
      );
    }
    const ancestors = ancestorsOf(topo, node.id);
    for (const other of referencedSteps(node)) {
      if (other === node.id || ancestors.has(other) || !topo.nodesById.has(other)) continue;
      add(
        found.nodes,
        node.id,
        `${label(node.id)} reads ${label(other)}, which does not run before it: join ${label(other)} above it, or read something else.`,
      );
    }
  }
  return found;
}

/** The steps a node's templates read (its input, its condition, a for-each's list). */
function referencedSteps(node: GraphNode): Set<string> {
  const ids = new Set<string>();
  const values = [node.input, node.condition?.left, node.condition?.right, node.forEach?.items];
  for (const value of values) {
    forEachString(value, (text) => {
      for (const ref of referencesIn(text)) if (ref.source === "step") ids.add(ref.nodeId);
    });
  }
  return ids;
}
