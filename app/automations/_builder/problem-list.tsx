"use client";

import { humanizeKey } from "../../../worker/engine/readable-issues";
import type { ValidationProblem } from "../../../worker/engine/types";

/** The builder's own fields, named as their labels read; inputs are named by their key. */
const FIELD_LABEL: Record<string, string> = {
  name: "Automation name",
  connector: "Connector",
  action: "Action",
  connection: "Connection",
  "retry.maxAttempts": "Attempts in all",
  "retry.initialDelayMs": "First retry delay",
  "retry.maxDelayMs": "Longest wait",
  timeoutMs: "Timeout per attempt",
  "condition.left": "Left",
  "condition.right": "Right",
  "condition.operator": "Operator",
  "forEach.items": "List to go through",
  "forEach.concurrency": "Items at once",
  "forEach.body": "Steps for each item",
  "forEach.body.nodes": "Steps for each item",
};

function fieldLabel(field: string): string {
  if (FIELD_LABEL[field]) return FIELD_LABEL[field];
  if (field === "edges" || field.startsWith("edges[")) return "Edges";
  if (field.startsWith("forEach.body.edges")) return "Edges between the steps for each item";
  const key = field
    .split(/[.[\]]/)
    .filter((s) => s && !/^\d+$/.test(s))
    .at(-1);
  return key ? humanizeKey(key) : "";
}

/** The field with its parent path one step shorter: "input.a.b" → "input.a", "x[2]" → "x". */
const parentField = (field: string) => field.replace(/(\.[^.[\]]*|\[\d+\])$/, "");

/** The edges a problem's field is about, and the row of the one it names: "edges[2]". */
const EDGE_FIELD = /^(edges|forEach\.body\.edges)(?:\[(\d+)\])?/;

/** The element a problem is about: its field, else the nearest enclosing one, else its step. */
function targetOf(p: ValidationProblem): Element | null {
  const step =
    p.nodeId === null ? null : document.querySelector(`li[data-step="${CSS.escape(p.nodeId)}"]`);
  const edges = EDGE_FIELD.exec(p.field);
  if (edges) {
    // A body's edges are in its for-each's card, which holds the steps the problem names.
    const table =
      edges[1] === "edges"
        ? document.getElementById("edges-section")
        : (step?.closest("[data-for-each]")?.querySelector("[data-body-edges]") ?? null);
    const row =
      edges[2] === undefined ? null : table?.querySelector(`[data-edge-index="${edges[2]}"]`);
    return row ?? table;
  }
  if (p.nodeId === null) {
    return p.field === "name" ? document.getElementById("automation-name") : null;
  }
  for (let field = p.field; field;) {
    const found = step?.querySelector(`[data-field="${CSS.escape(field)}"]`);
    if (found) return found;
    const parent = parentField(field);
    if (parent === field) break;
    field = parent;
  }
  return step;
}

function goTo(p: ValidationProblem) {
  const target = targetOf(p);
  if (!target) return;
  target.scrollIntoView({ block: "center" });
  const control = target.matches("input, select, textarea")
    ? target
    : target.querySelector("input, select, textarea");
  (control as HTMLElement | null)?.focus({ preventScroll: true });
}

/** "Not saved: N problems": each one a link to its field. */
export function ProblemList(props: {
  problems: ValidationProblem[];
  label: (nodeId: string) => string;
}) {
  return (
    <ol className="max-h-40 space-y-1 overflow-y-auto text-sm" data-problem-list>
      {props.problems.map((p, i) => {
        const field = fieldLabel(p.field);
        const where = [
          p.nodeId === null ? null : props.label(p.nodeId),
          p.message.startsWith(field) ? null : field,
        ].filter(Boolean);
        return (
          <li key={i}>
            <button
              type="button"
              className="border-0 bg-transparent p-0 text-left whitespace-normal text-red-800 underline shadow-none hover:bg-transparent hover:underline"
              onClick={() => goTo(p)}
            >
              {where.length ? `${where.join(", ")}: ` : ""}
              {p.message}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
