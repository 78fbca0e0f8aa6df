"use client";

import { useRef, type KeyboardEvent } from "react";
import type { BlastRadius } from "../../../worker/engine/blast-radius";
import type { Graph, GraphNode } from "../../../worker/engine/types";
import { blastRole } from "./blast-summary";
import type { CanvasSelection } from "./canvas-edits";
import { edgeKey, type CanvasProblems } from "./canvas-problems";
import { kindEdge, placedNode, useFlowLayout } from "./flow-elements";
import { FlowFrame } from "./flow-frame";

/** Keys edit the graph only when no field has the focus: in a field they edit the field. */
export const typingIn = (target: EventTarget) =>
  target instanceof HTMLElement && target.matches("input, textarea, select, [contenteditable]");

/**
 * The builder's graph, editable: drag from a step's lower handle to another step to join
 * them, click a step to open its form, click an edge's label to switch its kind, Delete
 * to remove what is selected. Hovering a step shows its blast radius on the boxes.
 */
export function Canvas(props: {
  graph: Graph;
  label: (id: string) => string;
  /** What kind of step a box is, in words ("Demo Chat: Post message"). */
  kindOf: (node: GraphNode) => string;
  problems: CanvasProblems;
  selection: CanvasSelection;
  radius: BlastRadius | null;
  onSelect: (selection: CanvasSelection) => void;
  onConnect: (from: string, to: string) => void;
  onToggle: (from: string, to: string) => void;
  onDelete: () => void;
  onHover: (id: string | null) => void;
}) {
  const { graph, label, problems, selection } = props;
  const connecting = useRef(false);
  const { positions, boxes, edges: graphEdges } = useFlowLayout(graph, props.kindOf);
  const picked = (id: string) => selection?.kind === "node" && selection.id === id;
  const nodes = boxes.map((box) =>
    placedNode(box, positions, {
      label: label(box.id),
      blast: blastRole(props.radius, box.id),
      selected: picked(box.id),
      problems: problems.nodes[box.id],
      connectable: true,
    }),
  );
  const { onToggle } = props;
  const edges = graphEdges.map((e) =>
    kindEdge(e, {
      problems: problems.edges[edgeKey(e)],
      name: `${label(e.from)} to ${label(e.to)}`,
      onToggle: () => onToggle(e.from, e.to),
      picked: selection?.kind === "edge" && selection.from === e.from && selection.to === e.to,
    }),
  );
  const onKeyDown = (e: KeyboardEvent) => {
    if (typingIn(e.target) || (e.key !== "Delete" && e.key !== "Backspace")) return;
    e.preventDefault();
    props.onDelete();
  };
  return (
    <div
      className="h-[560px] rounded-lg bg-white ring-1 ring-slate-200"
      data-canvas
      onKeyDown={onKeyDown}
    >
      <FlowFrame
        // A step added or removed remounts the view so fitView frames the whole graph again.
        key={graph.nodes.length}
        nodes={nodes}
        edges={edges}
        nodesConnectable
        // Panning while an edge is dragged near the border moved the step under the pointer
        // away; the view is framed to the whole graph, so every step is already in reach.
        autoPanOnConnect={false}
        // Deleting is ours (Delete on what is selected), so it goes through undo.
        deleteKeyCode={null}
        onConnect={(c) => props.onConnect(c.source, c.target)}
        onNodeClick={(_, node) => props.onSelect({ kind: "node", id: node.id })}
        onEdgeClick={(_, edge) =>
          props.onSelect({ kind: "edge", from: edge.source, to: edge.target })
        }
        onPaneClick={() => props.onSelect(null)}
        // While an edge is dragged, boxes under the pointer are targets, not questions.
        onConnectStart={() => {
          connecting.current = true;
          props.onHover(null);
        }}
        onConnectEnd={() => (connecting.current = false)}
        onNodeMouseEnter={(_, node) => connecting.current || props.onHover(node.id)}
        onNodeMouseLeave={() => props.onHover(null)}
      />
    </div>
  );
}
