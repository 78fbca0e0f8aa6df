"use client";

import {
  EdgeLabelRenderer,
  getBezierPath,
  Handle,
  Position,
  type EdgeProps,
  type NodeProps,
  type Node,
  type Edge,
} from "@xyflow/react";
import type { EdgeKind } from "../../../worker/engine/types";

export type Blast = "failed" | "skipped" | "runs" | null;
export type FlowNode = Node<
  {
    label: string;
    kind: string;
    blast: Blast;
    selected: boolean;
    /** A for-each's body: its steps' names, in order. */
    body: { id: string; label: string }[];
  },
  "step"
>;
export type FlowEdge = Edge<{ kind: EdgeKind }, "kind">;

const BLAST_STYLE: Record<Exclude<Blast, null>, string> = {
  failed: "border-red-600 bg-red-50",
  skipped: "border-slate-400 bg-slate-100 opacity-70",
  runs: "border-emerald-600 bg-emerald-50",
};

/** A box per node; its blast-radius role is in data-blast for people and for tests. */
export function StepNode({ id, data }: NodeProps<FlowNode>) {
  return (
    <div
      data-graph-node={id}
      data-blast={data.blast ?? "none"}
      className={`w-[180px] rounded-md border-2 px-2 py-1 text-xs shadow-sm ${
        data.blast ? BLAST_STYLE[data.blast] : "border-slate-300 bg-white"
      } ${data.selected ? "ring-2 ring-indigo-400" : ""}`}
    >
      <Handle type="target" position={Position.Top} />
      <div className="truncate font-semibold">{data.label}</div>
      <div className="truncate text-slate-500">{data.kind}</div>
      {data.body.length > 0 ? (
        <ol className="mt-1 border-t border-slate-200 pt-1" data-graph-body={id}>
          {data.body.map((step) => (
            <li key={step.id} className="truncate" data-graph-body-step={step.id}>
              {step.label}
            </li>
          ))}
        </ol>
      ) : null}
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
}

/** Dependent edges solid, independent ones dashed and labelled, as in docs/semantics.md. */
export function KindEdge(props: EdgeProps<FlowEdge>) {
  const [path, labelX, labelY] = getBezierPath(props);
  const independent = props.data?.kind === "independent";
  return (
    <>
      <path
        id={props.id}
        d={path}
        fill="none"
        className="react-flow__edge-path"
        data-edge-kind={props.data?.kind}
        data-edge-style={independent ? "dashed" : "solid"}
        markerEnd={props.markerEnd}
        style={{
          stroke: independent ? "#64748b" : "#1e293b",
          strokeWidth: 1.5,
          strokeDasharray: independent ? "6 4" : undefined,
        }}
      />
      {independent ? (
        <EdgeLabelRenderer>
          <span
            className="absolute rounded bg-white px-1 text-[10px] text-slate-600"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            independent
          </span>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}
