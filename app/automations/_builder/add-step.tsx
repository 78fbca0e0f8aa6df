"use client";

import { useState } from "react";
import type { EdgeKind, NodeType } from "../../../worker/engine/types";
import type { GraphNode as BuilderNode } from "../../../worker/engine/types";

/**
 * Adds a node below an existing one. Asking for the parent and the edge kind up front
 * means a new step is never left unreachable, and the kind is a conscious choice.
 */
export function AddStep(props: {
  nodes: BuilderNode[];
  onAdd: (type: Exclude<NodeType, "trigger">, after: string, kind: EdgeKind) => void;
}) {
  const [after, setAfter] = useState(props.nodes[0]?.id ?? "");
  const [kind, setKind] = useState<EdgeKind>("dependent");
  const parent = props.nodes.some((n) => n.id === after) ? after : (props.nodes[0]?.id ?? "");
  return (
    <fieldset className="card grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
      <legend className="px-1 text-sm font-semibold">Add a step</legend>
      <div className="space-y-1">
        <label htmlFor="add-after">After</label>
        <select id="add-after" value={parent} onChange={(e) => setAfter(e.target.value)}>
          {props.nodes.map((n) => (
            <option key={n.id} value={n.id}>
              {n.name ?? n.id}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor="add-kind">Joined by</label>
        <select id="add-kind" value={kind} onChange={(e) => setKind(e.target.value as EdgeKind)}>
          <option value="dependent">dependent edge — runs only if it succeeded</option>
          <option value="independent">independent edge — runs whatever happened</option>
        </select>
      </div>
      <div className="actions">
        <button type="button" onClick={() => props.onAdd("action", parent, kind)}>
          Add action step
        </button>
        <button type="button" onClick={() => props.onAdd("approval", parent, kind)}>
          Add approval
        </button>
        <button type="button" onClick={() => props.onAdd("condition", parent, kind)}>
          Add condition
        </button>
      </div>
    </fieldset>
  );
}
