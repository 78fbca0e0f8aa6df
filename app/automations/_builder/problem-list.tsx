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
};

function fieldLabel(field: string): string {
  if (FIELD_LABEL[field]) return FIELD_LABEL[field];
  if (field === "edges" || field.startsWith("edges[")) return "Edges";
  const key = field
    .split(/[.[\]]/)
    .filter((s) => s && !/^\d+$/.test(s))
    .at(-1);
  return key ? humanizeKey(key) : "";
}

/** The field with its parent path one step shorter: "input.a.b" → "input.a", "x[2]" → "x". */
const parentField = (field: string) => field.replace(/(\.[^.[\]]*|\[\d+\])$/, "");

/** The element a problem is about: its field, else the nearest enclosing one, else its step. */
function targetOf(p: ValidationProblem): Element | null {
  if (p.field === "edges" || p.field.startsWith("edges[")) {
    const index = /^edges\[(\d+)\]/.exec(p.field)?.[1];
    return (
      (index && document.querySelector(`[data-edge-index="${index}"]`)) ||
      document.getElementById("edges-section")
    );
  }
  if (p.nodeId === null) {
    return p.field === "name" ? document.getElementById("automation-name") : null;
  }
  const step = document.querySelector(`li[data-step="${CSS.escape(p.nodeId)}"]`);
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
