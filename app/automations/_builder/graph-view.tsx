"use client";

import { useMemo, useState } from "react";
import { blastRadius } from "../../../worker/engine/blast-radius";
import { allSteps } from "../../../worker/engine/for-each";
import type { Graph } from "../../../worker/engine/types";
import { BlastPicker, blastRole } from "./blast-summary";
import { kindEdge, kindInWords, placedNode, useFlowLayout } from "./flow-elements";
import { FlowFrame } from "./flow-frame";

/**
 * The graph laid out automatically, read only. Selecting a node shows its blast radius:
 * what would be skipped and what would still run if it failed, by the engine's rules.
 */
export function GraphView({ graph, kinds }: { graph: Graph; kinds: Record<string, string> }) {
  const [selected, setSelected] = useState<string | null>(null);
  const radius = selected ? blastRadius(graph, selected) : null;
  const {
    positions,
    boxes,
    edges: graphEdges,
  } = useFlowLayout(graph, (node) => kindInWords(node, () => kinds[node.id]));
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
        <FlowFrame
          // A new shape remounts the view so fitView frames the whole graph again.
          key={`${allSteps(graph).length}:${graph.edges.length}`}
          nodes={nodes}
          edges={edges}
          onNodeClick={(_, node) => setSelected(node.id === selected ? null : node.id)}
        />
      </div>
      <BlastPicker
        graph={graph}
        label={label}
        chosen={selected}
        onChoose={setSelected}
        shown={selected}
        radius={radius}
        prompt="Select a step to see what its failure would affect."
      />
    </div>
  );
}
