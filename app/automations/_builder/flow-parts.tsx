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
import type { PictureTone } from "../../../worker/reports/state-tone";

export type Blast = "failed" | "skipped" | "runs" | null;
export type FlowNode = Node<
  {
    label: string;
    kind: string;
    blast: Blast;
    selected: boolean;
    /** A for-each's body: its steps' names, in order. */
    body: { id: string; label: string }[];
    /** What the canvas refuses about this step, in words. */
    problems?: string[];
    /** On a run's graph: the node's state. */
    state?: { state: string; words: string; tone: PictureTone };
    /** The canvas lets people drag edges from and to this box. */
    connectable?: boolean;
  },
  "step"
>;
export type FlowEdge = Edge<
  {
    kind: EdgeKind;
    problems?: string[];
    /** On the canvas: switches the edge's kind; its label is then a button. */
    onToggle?: () => void;
    /** "Create ticket to Comment on ticket", for the switch's accessible name. */
    name?: string;
    picked?: boolean;
  },
  "kind"
>;

const BLAST_STYLE: Record<Exclude<Blast, null>, string> = {
  failed: "border-red-600 bg-red-50",
  skipped: "border-slate-400 bg-slate-100 opacity-70",
  runs: "border-emerald-600 bg-emerald-50",
};

const TONE_STYLE: Record<PictureTone, string> = {
  ok: "border-emerald-600 bg-emerald-50",
  bad: "border-red-600 bg-red-50",
  off: "border-slate-400 bg-slate-100 text-slate-600",
  busy: "border-amber-500 bg-amber-50",
};

function boxStyle(data: FlowNode["data"]): string {
  if (data.problems?.length) return "border-red-600 bg-white";
  if (data.blast) return BLAST_STYLE[data.blast];
  if (data.state) return TONE_STYLE[data.state.tone];
  return "border-slate-300 bg-white";
}

/** A box per node; its blast-radius role is in data-blast for people and for tests. */
export function StepNode({ id, data }: NodeProps<FlowNode>) {
  const handle = data.connectable ? "!h-3 !w-3 !bg-indigo-500" : undefined;
  return (
    <div
      data-graph-node={id}
      data-blast={data.blast ?? "none"}
      data-state={data.state?.state}
      data-problems={data.problems?.length ? "yes" : undefined}
      title={data.problems?.join("\n")}
      className={`w-[180px] rounded-md border-2 px-2 py-1 text-xs shadow-sm ${boxStyle(data)} ${
        data.selected ? "ring-2 ring-indigo-400" : ""
      }`}
    >
      <Handle type="target" position={Position.Top} className={handle} />
      <div className="truncate font-semibold">{data.label}</div>
      <div className="truncate text-slate-500">
        {data.state ? <span data-state-words>{data.state.words}</span> : data.kind}
      </div>
      {data.problems?.length ? (
        <div className="truncate text-red-700" data-node-problem>
          {data.problems[0]}
        </div>
      ) : null}
      {data.body.length > 0 ? (
        <ol className="mt-1 border-t border-slate-200 pt-1" data-graph-body={id}>
          {data.body.map((step) => (
            <li key={step.id} className="truncate" data-graph-body-step={step.id}>
              {step.label}
            </li>
          ))}
        </ol>
      ) : null}
      <Handle type="source" position={Position.Bottom} className={handle} />
    </div>
  );
}

/** Dependent edges solid, independent ones dashed and labelled, as in docs/semantics.md. */
export function KindEdge(props: EdgeProps<FlowEdge>) {
  const [path, labelX, labelY] = getBezierPath(props);
  const data = props.data;
  const independent = data?.kind === "independent";
  const wrong = Boolean(data?.problems?.length);
  const place = { transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` };
  return (
    <>
      <path
        id={props.id}
        d={path}
        fill="none"
        className="react-flow__edge-path"
        data-edge-kind={data?.kind}
        data-edge-style={independent ? "dashed" : "solid"}
        data-edge-problem={wrong ? "yes" : undefined}
        markerEnd={props.markerEnd}
        style={{
          stroke: wrong ? "#dc2626" : independent ? "#64748b" : "#1e293b",
          strokeWidth: data?.picked ? 3 : 1.5,
          strokeDasharray: independent ? "6 4" : undefined,
        }}
      />
      {data?.onToggle ? (
        <EdgeLabelRenderer>
          <button
            type="button"
            className="nodrag nopan pointer-events-auto absolute rounded border border-slate-300 bg-white px-1 py-0 text-[10px] text-slate-700 shadow-none"
            style={place}
            data-edge-switch={props.id}
            aria-label={`Switch the edge from ${data.name} to ${independent ? "dependent" : "independent"}`}
            title={data.problems?.join("\n")}
            onClick={data.onToggle}
          >
            {independent ? "independent" : "dependent"}
          </button>
        </EdgeLabelRenderer>
      ) : independent ? (
        <EdgeLabelRenderer>
          <span className="absolute rounded bg-white px-1 text-[10px] text-slate-600" style={place}>
            independent
          </span>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}
