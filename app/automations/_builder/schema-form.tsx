"use client";

import type { FieldSchema } from "../../_server/ui/types";
import type { Findings } from "./problems";
import type { Reference } from "./references";
import { SchemaField } from "./schema-field";

/** The form for an action's input, one field per property of its JSON Schema, in order. */
export function SchemaForm(props: {
  nodeId: string;
  /** Where the value sits in the node, for the validator's field paths; "input" for actions. */
  prefix?: string;
  schema: FieldSchema;
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  findings: Findings;
  references: Reference[];
}) {
  const required = new Set(props.schema.required ?? []);
  return (
    <div className="grid gap-3 @2xl:grid-cols-2">
      {Object.entries(props.schema.properties ?? {}).map(([name, schema]) => (
        <SchemaField
          key={name}
          nodeId={props.nodeId}
          prefix={props.prefix ?? "input"}
          name={name}
          schema={schema}
          required={required.has(name) && schema.default === undefined}
          value={props.value[name]}
          onChange={(v) => {
            const next = { ...props.value };
            if (v === undefined) delete next[name];
            else next[name] = v;
            props.onChange(next);
          }}
          findings={props.findings}
          references={props.references}
        />
      ))}
    </div>
  );
}
