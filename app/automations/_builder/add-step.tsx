"use client";

import { useState } from "react";
import type { EdgeKind, NodeType } from "../../../worker/engine/types";

export type AddableType = Exclude<NodeType, "trigger">;

const BUTTON: Record<AddableType, string> = {
  action: "Add action step",
  approval: "Add approval",
  condition: "Add condition",
  foreach: "Add for-each",
};

/** Where a new step can go: below one of these, or (id "") on its own. */
export interface ParentOption {
  id: string;
  label: string;
}

/**
 * Adds a node below an existing one. Asking for the parent and the edge kind up front
 * means a new step is never left unreachable, and the kind is a conscious choice. Inside
 * a for-each the first choice is the start of the item: a step with no parent there.
 */
export function AddStep(props: {
  /** Prefix of the controls' ids, unique on the page. */
  idPrefix: string;
  legend: string;
  /** Labels of the two selects; the body's differ from the top level's, so each is findable. */
  afterLabel: string;
  kindLabel: string;
  parents: ParentOption[];
  types: AddableType[];
  /** Appended to each button's text ("Add action step for each item"). */
  buttonSuffix?: string;
  onAdd: (type: AddableType, after: string, kind: EdgeKind) => void;
}) {
  const first = props.parents[0]?.id ?? "";
  const [after, setAfter] = useState(first);
  const [kind, setKind] = useState<EdgeKind>("dependent");
  const parent = props.parents.some((n) => n.id === after) ? after : first;
  const id = (part: string) => `${props.idPrefix}-${part}`;
  return (
    <fieldset className="card grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
      <legend className="px-1 text-sm font-semibold">{props.legend}</legend>
      <div className="space-y-1">
        <label htmlFor={id("after")}>{props.afterLabel}</label>
        <select id={id("after")} value={parent} onChange={(e) => setAfter(e.target.value)}>
          {props.parents.map((n) => (
            <option key={n.id} value={n.id}>
              {n.label}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor={id("kind")}>{props.kindLabel}</label>
        <select
          id={id("kind")}
          value={kind}
          // A step at the start of the item has no edge to choose.
          disabled={parent === ""}
          onChange={(e) => setKind(e.target.value as EdgeKind)}
        >
          <option value="dependent">dependent edge — runs only if it succeeded</option>
          <option value="independent">independent edge — runs whatever happened</option>
        </select>
      </div>
      <div className="actions">
        {props.types.map((type) => (
          <button key={type} type="button" onClick={() => props.onAdd(type, parent, kind)}>
            {BUTTON[type]}
            {props.buttonSuffix ?? ""}
          </button>
        ))}
      </div>
    </fieldset>
  );
}
