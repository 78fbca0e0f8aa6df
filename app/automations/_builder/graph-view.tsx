"use client";

import { Background, Controls, ReactFlow } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useMemo, useState } from "react";
import { blastRadius } from "../../../worker/engine/blast-radius";
import { allSteps } from "../../../worker/engine/for-each";
import type { Graph } from "../../../worker/engine/types";
import { blastRole, BlastSummary } from "./blast-summary";
import { kindEdge, placedNode, useFlowLayout } from "./flow-elements";
import { KindEdge, StepNode } from "./flow-parts";

export const nodeTypes = { step: StepNode };
export const edgeTypes = { kind: KindEdge };

/**
 * The graph laid out automatically, read only. Selecting a node shows its blast radius:
 * what would be skipped and what would still run if it failed, by the engine's rules.
 */
export function GraphView({ graph }: { graph: Graph }) {
  const [selected, setSelected] = useState<string | null>(null);
  const radius = selected ? blastRadius(graph, selected) : null;
  const { positions, boxes, edges: graphEdges } = useFlowLayout(graph);
  const label = (id: string) => graph.nodes.find((n) => n.id === id)?.name ?? id;
  const blastKey = JSON.stringify(radius);
  const nodes = useMemo(() => {
    const blast = JSON.parse(blastKey) as typeof radius;
    return boxes.map((box) =>
      placedNode(box, positions, {
        blast: blastRole(blast, box.id),
        selected: box.id === selected,
      }),
    );
  }, [boxes, blastKey, positions, selected]);
  const edges = useMemo(() => graphEdges.map((e) => kindEdge(e)), [graphEdges]);
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
      <BlastSummary
        chosen={selected}
        radius={radius}
        label={label}
        prompt="Select a step to see what its failure would affect."
      />
    </div>
  );
}
