"use client";

import { useState } from "react";
import { DEFAULT_RETRY_POLICY } from "../../../worker/engine/retry";
import type { GraphNode } from "../../../worker/engine/types";
import { Labeled } from "./labeled-input";
import type { Findings } from "./problems";

type RetryKey = keyof NonNullable<GraphNode["retry"]>;

/**
 * An action's retry policy (R7) and per-attempt timeout. The graph keeps milliseconds;
 * people type seconds. What is not a number is kept as typed, so saving names the field.
 */
export function RetryFields(props: {
  node: GraphNode;
  findings: Findings;
  onChange: (node: GraphNode) => void;
}) {
  const { node, findings, onChange } = props;
  const setRetry = (key: RetryKey, value: unknown) => {
    const retry: Record<string, unknown> = { ...node.retry, [key]: value };
    if (value === undefined) delete retry[key];
    onChange({
      ...node,
      retry: Object.keys(retry).length ? (retry as GraphNode["retry"]) : undefined,
    });
  };
  const field = (key: string, label: string, help: string, value: unknown, unit: Unit) => (
    <Labeled
      id={`${node.id}-${key.replace(".", "-")}`}
      label={label}
      nodeId={node.id}
      field={key}
      findings={findings}
      help={help}
    >
      <NumberInput
        id={`${node.id}-${key.replace(".", "-")}`}
        value={value}
        unit={unit}
        onChange={(v) =>
          key === "timeoutMs"
            ? onChange({ ...node, timeoutMs: v as number | undefined })
            : setRetry(key.slice("retry.".length) as RetryKey, v)
        }
      />
    </Labeled>
  );
  const seconds = (ms: number) => `${ms / 1000} s`;
  return (
    <fieldset className="grid gap-3 @2xl:grid-cols-4" data-retry-fields={node.id}>
      <legend className="text-sm font-semibold">Retries and timeout</legend>
      {field(
        "retry.maxAttempts",
        "Attempts in all",
        `Including the first; 1 means no retry. Empty: ${DEFAULT_RETRY_POLICY.maxAttempts}. Only network errors, timeouts, rate limits and server errors are retried.`,
        node.retry?.maxAttempts,
        "count",
      )}
      {field(
        "retry.initialDelayMs",
        "First retry delay (seconds)",
        `Doubles for each further attempt. Empty: ${seconds(DEFAULT_RETRY_POLICY.initialDelayMs)}.`,
        node.retry?.initialDelayMs,
        "seconds",
      )}
      {field(
        "retry.maxDelayMs",
        "Longest wait (seconds)",
        `No wait between attempts is longer, even one the service asks for. Empty: ${seconds(DEFAULT_RETRY_POLICY.maxDelayMs)}.`,
        node.retry?.maxDelayMs,
        "seconds",
      )}
      {field(
        "timeoutMs",
        "Timeout per attempt (seconds)",
        "At most 900 (15 minutes). Empty: the server's default, 30 s unless set otherwise.",
        node.timeoutMs,
        "seconds",
      )}
    </fieldset>
  );
}

export type Unit = "count" | "seconds";

/** Text as typed; a number is handed up (seconds as milliseconds), anything else as typed. */
export function NumberInput(props: {
  id: string;
  value: unknown;
  unit: Unit;
  onChange: (value: unknown) => void;
}) {
  const shown = (value: unknown) =>
    typeof value === "number" && props.unit === "seconds" ? String(value / 1000) : String(value);
  const [text, setText] = useState(props.value === undefined ? "" : shown(props.value));
  return (
    <input
      id={props.id}
      type="text"
      inputMode="decimal"
      value={text}
      onChange={(e) => {
        const typed = e.target.value;
        setText(typed);
        const trimmed = typed.trim();
        if (trimmed === "") return props.onChange(undefined);
        if (!/^-?\d+(\.\d+)?$/.test(trimmed)) return props.onChange(trimmed);
        const n = Number(trimmed);
        props.onChange(props.unit === "seconds" ? Math.round(n * 1000) : n);
      }}
    />
  );
}
