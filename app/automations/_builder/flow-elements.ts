"use client";

import { MarkerType } from "@xyflow/react";
import { useMemo } from "react";
import type { Graph, GraphEdge, GraphNode } from "../../../worker/engine/types";
import type { FlowEdge, FlowNode } from "./flow-parts";
import { boxHeight, layoutGraph, NODE_WIDTH, type GraphShape } from "./layout";

/** What a box shows of its node before any role (blast radius, run state, problems). */
export interface Box {
  id: string;
  label: string;
  kind: string;
  body: { id: string; label: string }[];
}

const KIND_WORDS: Record<GraphNode["type"], string> = {
  trigger: "starts the run",
  action: "step",
  approval: "approval",
  condition: "condition",
  foreach: "for each item",
};

function defaultKind(node: GraphNode): string {
  return node.type === "action" && node.action ? node.action : KIND_WORDS[node.type];
}

/** What kind of step a box is, in words: the app and action when the catalog knows it. */
export function kindInWords(
  node: GraphNode,
  titleOf: (actionKey: string) => string | undefined,
): string {
  return (node.action && titleOf(node.action)) || KIND_WORDS[node.type];
}

/**
 * The boxes and their automatic layout, the same for the builder's canvas, the
 * automation page and a run's graph. Typing in a step's form changes none of the shape,
 * so the layout (500 nodes and 2,000 edges at the limit) is redone only when nodes or
 * edges come or go.
 */
export function useFlowLayout(graph: Graph, kindOf: (node: GraphNode) => string = defaultKind) {
  const boxesKey = JSON.stringify(
    graph.nodes.map((n): Box => ({
      id: n.id,
      label: n.name ?? n.id,
      kind: kindOf(n),
      body: (n.forEach?.body?.nodes ?? []).map((s) => ({ id: s.id, label: s.name ?? s.id })),
    })),
  );
  const shapeKey = JSON.stringify({
    nodes: graph.nodes.map((n) => ({ id: n.id, forEach: n.forEach })),
    edges: graph.edges.map((e) => ({ from: e.from, to: e.to })),
  });
  const edgesKey = JSON.stringify(
    graph.edges.map((e) => ({ from: e.from, to: e.to, kind: e.kind })),
  );
  const positions = useMemo(() => layoutGraph(JSON.parse(shapeKey) as GraphShape), [shapeKey]);
  const boxes = useMemo(() => JSON.parse(boxesKey) as Box[], [boxesKey]);
  const edges = useMemo(() => JSON.parse(edgesKey) as GraphEdge[], [edgesKey]);
  return { positions, boxes, edges };
}

/** A box placed where the layout put it, with known sizes so the view frames at once. */
export function placedNode(
  box: Box,
  positions: Map<string, { x: number; y: number }>,
  data: Partial<FlowNode["data"]>,
): FlowNode {
  return {
    id: box.id,
    type: "step",
    position: positions.get(box.id) ?? { x: 0, y: 0 },
    width: NODE_WIDTH,
    height: boxHeight(box.body.length),
    // Said measured, so React Flow keeps the handles it measured when a box is drawn again
    // (hover, selection): a box without it loses them, and edges cannot be dragged to it.
    measured: { width: NODE_WIDTH, height: boxHeight(box.body.length) },
    data: {
      label: box.label,
      kind: box.kind,
      body: box.body,
      blast: null,
      selected: false,
      ...data,
    },
  };
}

export function kindEdge(edge: GraphEdge, data: Partial<FlowEdge["data"]> = {}): FlowEdge {
  return {
    id: `${edge.from}->${edge.to}`,
    source: edge.from,
    target: edge.to,
    type: "kind",
    data: { kind: edge.kind, ...data },
    markerEnd: { type: MarkerType.ArrowClosed },
  };
}
