"use client";

import type { ReactNode } from "react";
import { FieldMessages } from "./field-messages";
import { findingsFor, type Findings } from "./problems";

/** A labelled control with the validator's messages for `field` under it. */
export function Labeled(props: {
  id: string;
  label: string;
  nodeId: string | null;
  field: string;
  findings: Findings;
  help?: string;
  children: ReactNode;
}) {
  const { errors, warnings } = findingsFor(props.findings, props.nodeId, props.field);
  return (
    <div className="space-y-1" data-field={props.field}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.children}
      {props.help ? <p className="muted">{props.help}</p> : null}
      <FieldMessages id={`${props.id}-messages`} errors={errors} warnings={warnings} />
    </div>
  );
}
