"use client";

import type { ConditionOperator, GraphNode } from "../../../worker/engine/types";
import { Labeled } from "./labeled-input";
import type { Findings } from "./problems";
import { ReferencePicker } from "./reference-picker";
import type { Reference } from "./references";

const OPERATORS: ConditionOperator[] = [
  "equals",
  "not_equals",
  "contains",
  "greater_than",
  "less_than",
  "exists",
  "not_exists",
  "truthy",
];
const UNARY = new Set<ConditionOperator>(["exists", "not_exists", "truthy"]);

/** left, operator, right (R5); both sides accept templates. */
export function ConditionFields(props: {
  node: GraphNode;
  findings: Findings;
  references: Reference[];
  onChange: (node: GraphNode) => void;
}) {
  const { node, findings, onChange } = props;
  const condition = node.condition ?? { left: "", operator: "equals" as const, right: "" };
  const set = (patch: Partial<typeof condition>) =>
    onChange({ ...node, condition: { ...condition, ...patch } });
  const side = (key: "left" | "right", label: string) => (
    <Labeled
      id={`${node.id}-${key}`}
      label={label}
      nodeId={node.id}
      field={`condition.${key}`}
      findings={findings}
    >
      <input
        id={`${node.id}-${key}`}
        value={String(condition[key] ?? "")}
        onChange={(e) => set({ [key]: e.target.value })}
      />
      <ReferencePicker
        fieldLabel={label}
        references={props.references}
        onPick={(t) => set({ [key]: `${String(condition[key] ?? "")}${t}` })}
      />
    </Labeled>
  );
  return (
    <div className="grid gap-3 @2xl:grid-cols-3">
      {side("left", "Left")}
      <Labeled
        id={`${node.id}-operator`}
        label="Operator"
        nodeId={node.id}
        field="condition.operator"
        findings={findings}
      >
        <select
          id={`${node.id}-operator`}
          value={condition.operator}
          onChange={(e) => set({ operator: e.target.value as ConditionOperator })}
        >
          {OPERATORS.map((op) => (
            <option key={op} value={op}>
              {op.replace("_", " ")}
            </option>
          ))}
        </select>
      </Labeled>
      {UNARY.has(condition.operator) ? null : side("right", "Right")}
    </div>
  );
}
