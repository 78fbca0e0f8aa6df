"use client";

import { useState } from "react";
import type { EdgeKind, GraphEdge } from "../../../worker/engine/types";
import type { GraphNode as BuilderNode } from "../../../worker/engine/types";
import { FieldMessages } from "./field-messages";
import type { Findings } from "./problems";

/** What each kind of edge promises, in a line (docs/semantics.md R2, R3). */
export function explainEdge(edge: GraphEdge, label: (id: string) => string): string {
  return edge.kind === "dependent"
    ? `${label(edge.to)} runs only if ${label(edge.from)} succeeded, and may read its output.`
    : `${label(edge.to)} runs after ${label(edge.from)} finishes, whatever happened.`;
}

/**
 * Every edge with its kind stated and explained; edges are added and changed here. The
 * top level's edges are the graph's `edges`; a for-each's body has a table of its own,
 * whose problems the validator names `forEach.body.edges[i]` on the body's steps.
 */
export function EdgesTable(props: {
  nodes: BuilderNode[];
  edges: GraphEdge[];
  findings: Findings;
  onChange: (edges: GraphEdge[]) => void;
  /** Prefix of the controls' ids, unique on the page. */
  idPrefix: string;
  /** Where the validator puts these edges: "edges", or "forEach.body.edges". */
  field: string;
  /** Whether a problem about `field` concerns these edges, by the node it names. */
  owns: (nodeId: string | null) => boolean;
  /** What the empty table says, and the legend of the form that joins two steps. */
  empty: string;
  legend: string;
}) {
  const { nodes, edges, onChange, field } = props;
  const label = (id: string) => nodes.find((n) => n.id === id)?.name ?? id;
  const [draft, setDraft] = useState<GraphEdge>({ from: "", to: "", kind: "dependent" });
  const id = (part: string) => `${props.idPrefix}-${part}`;
  const ours = (list: Findings["problems"]) => list.filter((p) => props.owns(p.nodeId));
  const problemsAt = (i: number) =>
    ours(props.findings.problems).filter(
      (p) => p.field === `${field}[${i}]` || p.field.startsWith(`${field}[${i}].`),
    );
  // Cycles and unreachable steps: about the edges as a whole, so shown above them.
  const overall = (list: Findings["problems"]) => ours(list).filter((p) => p.field === field);
  const nodeOptions = (list: BuilderNode[]) =>
    list.map((n) => (
      <option key={n.id} value={n.id}>
        {n.name ?? n.id}
      </option>
    ));
  // Nothing may lead into the trigger: it is where a run starts.
  const targets = nodes.filter((n) => n.id !== draft.from && n.type !== "trigger");
  const exists = edges.some((e) => e.from === draft.from && e.to === draft.to);
  return (
    <div className="space-y-3">
      <FieldMessages
        id={id("messages")}
        errors={overall(props.findings.problems)}
        warnings={overall(props.findings.warnings)}
      />
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th>From</th>
              <th>To</th>
              <th>Kind</th>
              <th>What it means</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {edges.length === 0 ? (
              <tr>
                <td colSpan={5}>{props.empty}</td>
              </tr>
            ) : null}
            {edges.map((edge, i) => (
              <tr
                key={`${edge.from}-${edge.to}`}
                data-edge-index={i}
                data-edge={`${edge.from}->${edge.to}`}
                data-edge-kind={edge.kind}
              >
                <td>{label(edge.from)}</td>
                <td>{label(edge.to)}</td>
                <td>
                  <select
                    aria-label={`Kind of edge ${label(edge.from)} to ${label(edge.to)}`}
                    value={edge.kind}
                    onChange={(e) =>
                      onChange(
                        edges.map((x, j) =>
                          j === i ? { ...x, kind: e.target.value as EdgeKind } : x,
                        ),
                      )
                    }
                  >
                    <option value="dependent">dependent</option>
                    <option value="independent">independent</option>
                  </select>
                </td>
                <td>
                  {explainEdge(edge, label)}
                  {problemsAt(i).map((p, k) => (
                    <p key={k} className="field-error">
                      {p.message}
                    </p>
                  ))}
                </td>
                <td>
                  <button type="button" onClick={() => onChange(edges.filter((_, j) => j !== i))}>
                    Remove edge
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <fieldset className="card grid gap-3 sm:grid-cols-4 sm:items-end">
        <legend className="px-1 text-sm font-semibold">{props.legend}</legend>
        <div className="space-y-1">
          <label htmlFor={id("from")}>From</label>
          <select
            id={id("from")}
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          >
            <option value="">Choose…</option>
            {nodeOptions(nodes)}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor={id("to")}>To</label>
          <select
            id={id("to")}
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          >
            <option value="">Choose…</option>
            {nodeOptions(targets)}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor={id("kind")}>Edge kind</label>
          <select
            id={id("kind")}
            value={draft.kind}
            onChange={(e) => setDraft({ ...draft, kind: e.target.value as EdgeKind })}
          >
            <option value="dependent">dependent — runs only if it succeeded</option>
            <option value="independent">independent — runs whatever happened</option>
          </select>
        </div>
        <button
          type="button"
          disabled={!draft.from || !draft.to || exists || !targets.some((n) => n.id === draft.to)}
          onClick={() => {
            onChange([...edges, draft]);
            setDraft({ from: "", to: "", kind: "dependent" });
          }}
        >
          Add edge
        </button>
        {exists ? (
          <p className="field-warning sm:col-span-4">
            {label(draft.from)} is already joined to {label(draft.to)}.
          </p>
        ) : null}
      </fieldset>
    </div>
  );
}
