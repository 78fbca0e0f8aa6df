"use client";

import { Background, Controls, MarkerType, ReactFlow } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useMemo, useState } from "react";
import { blastRadius } from "../../../worker/engine/blast-radius";
import type { Graph } from "../../../worker/engine/types";
import { KindEdge, StepNode, type Blast, type FlowEdge, type FlowNode } from "./flow-parts";
import { layoutGraph, type GraphShape } from "./layout";

const nodeTypes = { step: StepNode };
const edgeTypes = { kind: KindEdge };

/**
 * The graph laid out automatically. Selecting a node shows its blast radius: what would
 * be skipped and what would still run if it failed, computed by the engine's rules.
 */
export function GraphView({ graph }: { graph: Graph }) {
  const [selected, setSelected] = useState<string | null>(null);
  const radius = selected ? blastRadius(graph, selected) : null;
  // Laid out again only when nodes or edges come or go, not on every keystroke in a form.
  const shape = JSON.stringify({
    nodes: graph.nodes.map((n) => ({ id: n.id })),
    edges: graph.edges.map((e) => ({ from: e.from, to: e.to })),
  });
  const positions = useMemo(() => layoutGraph(JSON.parse(shape) as GraphShape), [shape]);
  const label = (id: string) => graph.nodes.find((n) => n.id === id)?.name ?? id;
  const blastOf = (id: string): Blast => {
    if (!radius) return null;
    if (radius.failed === id) return "failed";
    if (radius.skipped.some((s) => s.nodeId === id)) return "skipped";
    return radius.stillRuns.includes(id) ? "runs" : null;
  };
  const nodes: FlowNode[] = graph.nodes.map((n) => ({
    id: n.id,
    type: "step",
    position: positions.get(n.id) ?? { x: 0, y: 0 },
    data: {
      label: n.name ?? n.id,
      kind: n.action ?? n.type,
      blast: blastOf(n.id),
      selected: n.id === selected,
    },
  }));
  const edges: FlowEdge[] = graph.edges.map((e) => ({
    id: `${e.from}->${e.to}`,
    source: e.from,
    target: e.to,
    type: "kind",
    data: { kind: e.kind },
    markerEnd: { type: MarkerType.ArrowClosed },
  }));
  return (
    <div className="space-y-2">
      <div className="h-96 rounded-lg bg-white ring-1 ring-slate-200" data-graph-view>
        <ReactFlow
          // A new shape remounts the view so fitView frames the whole graph again.
          key={`${graph.nodes.length}:${graph.edges.length}`}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          fitView
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
