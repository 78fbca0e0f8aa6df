"use client";

import { useState } from "react";
import { humanizeKey } from "../../../worker/engine/readable-issues";
import type { FieldSchema } from "../../_server/ui/types";
import { FieldMessages } from "./field-messages";
import type { Findings } from "./problems";
import { findingsFor } from "./problems";
import { ReferencePicker } from "./reference-picker";
import type { Reference } from "./references";

type Kind = "enum" | "text" | "number" | "boolean" | "json";

/** Which input a JSON Schema property gets; unions and unknowns fall back to JSON. */
export function kindOf(schema: FieldSchema): Kind {
  if (schema.enum) return "enum";
  const type = Array.isArray(schema.type) ? undefined : schema.type;
  if (type === "string") return "text";
  if (type === "number" || type === "integer") return "number";
  if (type === "boolean") return "boolean";
  return "json";
}

/**
 * One input generated from a property of an action's input schema. Numbers and booleans
 * are typed, but a template is also accepted, because its type is only known at run time (R6).
 */
export function SchemaField(props: {
  nodeId: string;
  prefix: string;
  name: string;
  schema: FieldSchema;
  required: boolean;
  value: unknown;
  onChange: (value: unknown) => void;
  findings: Findings;
  references: Reference[];
}) {
  const { nodeId, prefix, name, schema, required, value, onChange } = props;
  const field = `${prefix}.${name}`;
  const id = `${nodeId}-${field.replaceAll(".", "-")}`;
  const label = humanizeKey(name);
  const kind = kindOf(schema);
  const { errors, warnings } = findingsFor(props.findings, nodeId, field);
  const describedBy = `${id}-help ${id}-messages`;
  const common = { id, "aria-describedby": describedBy, "aria-invalid": errors.length > 0 };
  const append = (template: string) =>
    onChange(typeof value === "string" && value ? `${value} ${template}` : template);

  return (
    <div className="space-y-1" data-field={field}>
      <label htmlFor={id}>
        {label}
        {required ? (
          <span className="text-red-700"> *</span>
        ) : (
          <span className="muted"> (optional)</span>
        )}
      </label>
      {kind === "enum" ? (
        <select
          {...common}
          value={String(value ?? "")}
          onChange={(e) => onChange(e.target.value || undefined)}
        >
          <option value="">
            {schema.default !== undefined ? `default (${String(schema.default)})` : "—"}
          </option>
          {schema.enum!.map((option) => (
            <option key={String(option)} value={String(option)}>
              {String(option)}
            </option>
          ))}
        </select>
      ) : kind === "boolean" ? (
        <select
          {...common}
          value={value === undefined ? "" : String(value)}
          onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value === "true")}
        >
          <option value="">—</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      ) : kind === "json" ? (
        <JsonInput common={common} value={value} onChange={onChange} />
      ) : (
        <input
          {...common}
          type="text"
          inputMode={kind === "number" ? "decimal" : undefined}
          value={value === undefined || value === null ? "" : String(value)}
          onChange={(e) => onChange(parseTyped(kind, e.target.value))}
        />
      )}
      {kind === "text" || kind === "number" ? (
        <ReferencePicker fieldLabel={label} references={props.references} onPick={append} />
      ) : null}
      <p id={`${id}-help`} className="muted">
        {schema.description ?? ""}
        {kind === "json" ? " (JSON)" : ""}
      </p>
      <FieldMessages id={`${id}-messages`} errors={errors} warnings={warnings} />
    </div>
  );
}

function parseTyped(kind: Kind, text: string): unknown {
  if (text === "") return undefined;
  if (kind === "number" && /^-?\d+(\.\d+)?$/.test(text.trim())) return Number(text);
  return text;
}

/** Objects and arrays are edited as JSON; text that is not JSON is kept as a string. */
function JsonInput({
  common,
  value,
  onChange,
}: {
  common: Record<string, unknown>;
  value: unknown;
  onChange: (value: unknown) => void;
}) {
  const [text, setText] = useState(value === undefined ? "" : JSON.stringify(value, null, 2));
  return (
    <textarea
      {...common}
      rows={3}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        if (e.target.value.trim() === "") return onChange(undefined);
        try {
          onChange(JSON.parse(e.target.value));
        } catch {
          onChange(e.target.value);
        }
      }}
    />
  );
}
