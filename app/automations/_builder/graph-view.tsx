"use client";

import { Background, Controls, MarkerType, ReactFlow } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useMemo, useState } from "react";
import { blastRadius } from "../../../worker/engine/blast-radius";
import { allSteps } from "../../../worker/engine/for-each";
import type { Graph } from "../../../worker/engine/types";
import { KindEdge, StepNode, type Blast, type FlowEdge, type FlowNode } from "./flow-parts";
import { boxHeight, layoutGraph, NODE_WIDTH, type GraphShape } from "./layout";

const nodeTypes = { step: StepNode };
const edgeTypes = { kind: KindEdge };

/**
 * The graph laid out automatically. Selecting a node shows its blast radius: what would
 * be skipped and what would still run if it failed, computed by the engine's rules.
 */
export function GraphView({ graph }: { graph: Graph }) {
  const [selected, setSelected] = useState<string | null>(null);
  const radius = selected ? blastRadius(graph, selected) : null;
  // What the drawing shows: typing in a step's form changes none of it, so the drawing
  // (500 nodes and 2,000 edges at the limit) is not redone on every keystroke, and the
  // layout only when nodes or edges come or go.
  const boxesKey = JSON.stringify(
    graph.nodes.map((n) => ({
      id: n.id,
      label: n.name ?? n.id,
      kind: n.type === "foreach" ? "for each item" : (n.action ?? n.type),
      body: (n.forEach?.body?.nodes ?? []).map((s) => ({ id: s.id, label: s.name ?? s.id })),
    })),
  );
  const edgesKey = JSON.stringify(
    graph.edges.map((e) => ({ from: e.from, to: e.to, kind: e.kind })),
  );
  const shapeKey = JSON.stringify({
    nodes: graph.nodes.map((n) => ({ id: n.id, forEach: n.forEach })),
    edges: graph.edges.map((e) => ({ from: e.from, to: e.to })),
  });
  const positions = useMemo(() => layoutGraph(JSON.parse(shapeKey) as GraphShape), [shapeKey]);
  const label = (id: string) => graph.nodes.find((n) => n.id === id)?.name ?? id;
  const blastKey = JSON.stringify(radius);
  const nodes = useMemo(() => {
    const blast = JSON.parse(blastKey) as typeof radius;
    const blastOf = (id: string): Blast => {
      if (!blast) return null;
      if (blast.failed === id) return "failed";
      if (blast.skipped.some((s) => s.nodeId === id)) return "skipped";
      return blast.stillRuns.includes(id) ? "runs" : null;
    };
    const boxes = JSON.parse(boxesKey) as (FlowNode["data"] & { id: string })[];
    return boxes.map(({ id, label, kind, body }): FlowNode => ({
      id,
      type: "step",
      position: positions.get(id) ?? { x: 0, y: 0 },
      // Known sizes: the view is framed without measuring every box first.
      width: NODE_WIDTH,
      height: boxHeight(body.length),
      data: { label, kind, blast: blastOf(id), selected: id === selected, body },
    }));
  }, [boxesKey, blastKey, positions, selected]);
  const edges = useMemo(
    () =>
      (JSON.parse(edgesKey) as Graph["edges"]).map((e): FlowEdge => ({
        id: `${e.from}->${e.to}`,
        source: e.from,
        target: e.to,
        type: "kind",
        data: { kind: e.kind },
        markerEnd: { type: MarkerType.ArrowClosed },
      })),
    [edgesKey],
  );
  return (
    <div className="space-y-2">
      <div className="h-96 rounded-lg bg-white ring-1 ring-slate-200" data-graph-view>
        <ReactFlow
          // A new shape remounts the view so fitView frames the whole graph again.
          key={`${allSteps(graph).length}:${graph.edges.length}`}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          fitView
          // A large graph drawn whole is thousands of boxes and paths: draw what is in view.
          onlyRenderVisibleElements
          nodesDraggable={false}
          nodesConnectable={false}
          onNodeClick={(_, node) => setSelected(node.id === selected ? null : node.id)}
        >
          <Background />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
      <div className="max-w-xs space-y-1">
        <label htmlFor="blast-node">Blast radius of</label>
        <select
          id="blast-node"
          value={selected ?? ""}
          onChange={(e) => setSelected(e.target.value || null)}
        >
          <option value="">no step selected</option>
          {graph.nodes
            .filter((n) => n.type !== "trigger")
            .map((n) => (
              <option key={n.id} value={n.id}>
                {n.name ?? n.id}
              </option>
            ))}
        </select>
      </div>
      <div aria-live="polite" className="text-sm" data-blast-summary>
        {!selected ? (
          <p className="muted">Select a step to see what its failure would affect.</p>
        ) : !radius ? (
          <p className="muted">The trigger never fails.</p>
        ) : (
          <p>
            If <strong>{label(radius.failed)}</strong> failed:{" "}
            {radius.skipped.length
              ? `${radius.skipped.map((s) => label(s.nodeId)).join(", ")} would be skipped`
              : "nothing would be skipped"}
            {"; "}
            {radius.stillRuns.length
              ? `${radius.stillRuns.map(label).join(", ")} would still run`
              : "nothing below it runs anyway"}
            ; every other branch is untouched.
          </p>
        )}
      </div>
    </div>
  );
}
