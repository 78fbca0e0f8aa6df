"use client";

import { Background, Controls, ReactFlow, type ReactFlowProps } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { KindEdge, StepNode, type FlowEdge, type FlowNode } from "./flow-parts";

const nodeTypes = { step: StepNode };
const edgeTypes = { kind: KindEdge };

/**
 * A graph drawn in our boxes and edges, framed whole, laid out for people (no dragging
 * boxes around): the builder's canvas, the automation page's graph and a run's graph.
 */
export function FlowFrame(props: ReactFlowProps<FlowNode, FlowEdge>) {
  return (
    <ReactFlow
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      fitView
      // A large graph drawn whole is thousands of boxes and paths: draw what is in view.
      onlyRenderVisibleElements
      nodesDraggable={false}
      nodesConnectable={false}
      {...props}
    >
      <Background />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
