// The canvas's edits to a graph, pure so they can be tested without a browser. An edit
// the engine would refuse on save (a cycle, an edge into the trigger) is refused here on
// the spot, with the reason in words, so the picture never shows a graph that cannot run.
import { ancestorsOf, buildTopology } from "../../../worker/engine/topology";
import type { EdgeKind, Graph, GraphEdge, GraphNode } from "../../../worker/engine/types";
import type { StepNames } from "../../../worker/names";
import { withNode, withoutNode } from "./graph-edits";

export type EditResult = { ok: true; graph: Graph } | { ok: false; reason: string };

/** What is selected on the canvas: a step, or an edge by its two ends. */
export type CanvasSelection =
  { kind: "node"; id: string } | { kind: "edge"; from: string; to: string } | null;

/** Joins `from` to `to` by a dependent edge, unless the engine would refuse the edge. */
export function connect(graph: Graph, from: string, to: string, label: StepNames): EditResult {
  const target = graph.nodes.find((n) => n.id === to);
  if (!target || !graph.nodes.some((n) => n.id === from)) {
    return { ok: false, reason: "Both ends of an edge must be steps of this automation." };
  }
  if (from === to) return { ok: false, reason: `${label(from)} cannot lead to itself.` };
  if (target.type === "trigger") {
    return {
      ok: false,
      reason: `Nothing can lead into ${label(to)}: the trigger is where every run starts.`,
    };
  }
  if (graph.edges.some((e) => e.from === from && e.to === to)) {
    return { ok: false, reason: `${label(from)} is already joined to ${label(to)}.` };
  }
  if (ancestorsOf(buildTopology(graph), from).has(to)) {
    return {
      ok: false,
      reason: `${label(to)} already runs before ${label(from)}: joining them would make a loop.`,
    };
  }
  const edge: GraphEdge = { from, to, kind: "dependent" };
  return { ok: true, graph: { ...graph, edges: [...graph.edges, edge] } };
}

/** The edge between `from` and `to` switched between dependent and independent. */
export function toggleEdge(graph: Graph, from: string, to: string): Graph {
  const flip = (kind: EdgeKind): EdgeKind => (kind === "dependent" ? "independent" : "dependent");
  return {
    ...graph,
    edges: graph.edges.map((e) =>
      e.from === from && e.to === to ? { ...e, kind: flip(e.kind) } : e,
    ),
  };
}

/**
 * A new step below `after` (the selected step, else the trigger), joined by a dependent
 * edge: a step added from the palette is never left unreachable.
 */
export function addBelow(graph: Graph, node: GraphNode, after: string | null): Graph {
  const parent =
    graph.nodes.find((n) => n.id === after) ?? graph.nodes.find((n) => n.type === "trigger");
  return withNode(graph, node, parent?.id ?? "", "dependent");
}

/** The graph without what is selected; the trigger stays, as every automation needs one. */
export function removeSelected(graph: Graph, selection: CanvasSelection): EditResult {
  if (!selection) return { ok: false, reason: "Select a step or an edge to delete it." };
  if (selection.kind === "edge") {
    return {
      ok: true,
      graph: {
        ...graph,
        edges: graph.edges.filter((e) => !(e.from === selection.from && e.to === selection.to)),
      },
    };
  }
  const node = graph.nodes.find((n) => n.id === selection.id);
  if (!node) return { ok: false, reason: "That step is already gone." };
  if (node.type === "trigger") {
    return { ok: false, reason: "The trigger cannot be deleted: every run starts there." };
  }
  return { ok: true, graph: withoutNode(graph, node.id) };
}
