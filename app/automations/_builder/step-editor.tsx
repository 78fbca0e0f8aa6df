"use client";

import { useState } from "react";
import { allSteps } from "../../../worker/engine/for-each";
import type { Graph } from "../../../worker/engine/types";
import type { CatalogConnector, RecentRun } from "../../_server/ui/types";
import { ActionFields } from "./action-fields";
import { ApprovalFields } from "./approval-fields";
import type { GraphNode as BuilderNode } from "../../../worker/engine/types";
import { ConditionFields } from "./condition-fields";
import { FieldMessages } from "./field-messages";
import { ForEachFields } from "./for-each-fields";
import type { Findings } from "./problems";
import { referencesFor, sampleItem } from "./references";
import { RetryFields } from "./retry-fields";
import { TestStep } from "./test-step";
import { TriggerSettings } from "./trigger-settings";
import { WorkerGroupFields } from "./worker-group-fields";

const KIND_LABEL = {
  trigger: "Trigger",
  action: "Step",
  approval: "Approval",
  condition: "Condition",
  foreach: "For each",
};

/**
 * One node's card: its name, its type's fields, and problems not tied to a field. A
 * for-each's card holds its body's steps, each in a card of this same form.
 */
export function StepEditor(props: {
  node: BuilderNode;
  graph: Graph;
  /** The for-each whose body holds this step; absent at the top of the graph. */
  insideForEach?: string;
  catalog: CatalogConnector[];
  sample: unknown;
  /** Outputs of the steps tested so far, by node id. */
  tested: Record<string, unknown>;
  recentRuns: RecentRun[];
  findings: Findings;
  onChange: (node: BuilderNode) => void;
  /** A step (this one, or one in this for-each's body) was tested and gave this output. */
  onTested: (nodeId: string, output: unknown) => void;
  onRemove: () => void;
}) {
  const { node, findings, onChange } = props;
  const actionOf = (key: string) =>
    props.catalog.flatMap((c) => c.actions).find((a) => a.key === key);
  // A step may read every step above it, so offering all of them in every card is
  // quadratic: 48 MB of options for a 500-step chain. A card lists its references once
  // it has been in use (focus or pointer inside it), which is when its pickers can be
  // opened — and keeps them: pickers vanishing on blur moved the page under the pointer,
  // so a click on "Save" that blurred the card landed elsewhere.
  const [inUse, setInUse] = useState(false);
  const references = inUse
    ? referencesFor(props.graph, node.id, props.sample, actionOf, props.tested)
    : [];
  const connector = props.catalog.find((c) => node.action?.startsWith(`${c.id}.`));
  const steps = allSteps(props.graph);
  const label = (id: string) => steps.find((n) => n.id === id)?.name ?? id;
  const known = [
    "input",
    "action",
    "connection",
    "connector",
    "condition",
    "approval",
    "retry",
    "timeoutMs",
    "name",
    "forEach.items",
    "forEach.concurrency",
    "forEach.continueWithSucceeded",
    // Shown in the for-each's body: its steps, and its edges in their own table.
    "forEach.body",
    // Shown by the edges table: edges are changed there (cycles, unreachable steps).
    "edges",
    // The trigger fields that have an input of their own (trigger-*.tsx).
    "trigger.kind",
    "trigger.webhook.signature",
    "trigger.schedule.cron",
    "trigger.schedule.timezone",
    "trigger.poll.source",
    "trigger.poll.connection",
    "trigger.poll.intervalSeconds",
    "trigger.poll.input",
  ];
  const loose = (list: Findings["problems"]) =>
    list.filter(
      (p) =>
        p.nodeId === node.id &&
        !known.some(
          (f) => p.field === f || p.field.startsWith(`${f}.`) || p.field.startsWith(`${f}[`),
        ),
    );
  return (
    <li
      // Its fields lay out by the card's width, not the window's: the same card is in the
      // list and in the narrow side panel beside the graph.
      className="card @container space-y-3"
      onFocus={() => setInUse(true)}
      onPointerDown={() => setInUse(true)}
      data-step={node.id}
      data-for-each={node.type === "foreach" ? node.id : undefined}
      aria-label={`${KIND_LABEL[node.type]} ${node.name ?? node.id}`}
    >
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="grow space-y-1">
          <label htmlFor={`${node.id}-name`}>
            {KIND_LABEL[node.type]} name <span className="muted">id {node.id}</span>
          </label>
          <input
            id={`${node.id}-name`}
            value={node.name ?? ""}
            placeholder={node.id}
            onChange={(e) => onChange({ ...node, name: e.target.value || undefined })}
          />
        </div>
        {node.type === "trigger" ? null : (
          <button type="button" className="button-danger" onClick={props.onRemove}>
            Remove {node.name ?? node.id}
          </button>
        )}
      </div>
      {node.type === "trigger" ? (
        <TriggerSettings
          node={node}
          catalog={props.catalog}
          findings={findings}
          onChange={onChange}
        />
      ) : node.type === "action" ? (
        <>
          <ActionFields
            node={node}
            catalog={props.catalog}
            findings={findings}
            references={references}
            onChange={onChange}
          />
          <RetryFields node={node} findings={findings} onChange={onChange} />
          <WorkerGroupFields node={node} findings={findings} onChange={onChange} />
          {/* A step of a worker group runs only where its data lives, never from here. */}
          {connector && !node.runsOn ? (
            <TestStep
              node={node}
              service={connector.callsService ? connector.displayName : null}
              sample={props.sample}
              item={
                props.insideForEach
                  ? sampleItem(props.graph, props.insideForEach, props.sample, props.tested)
                  : undefined
              }
              forEachId={props.insideForEach}
              tested={props.tested}
              recentRuns={props.recentRuns}
              label={label}
              onTested={(output) => props.onTested(node.id, output)}
            />
          ) : null}
        </>
      ) : node.type === "condition" ? (
        <ConditionFields
          node={node}
          findings={findings}
          references={references}
          onChange={onChange}
        />
      ) : node.type === "foreach" ? (
        <ForEachFields
          node={node}
          allNodes={steps}
          findings={findings}
          references={references}
          onChange={onChange}
          renderStep={(step, onStepChange, onStepRemove) => (
            <StepEditor
              key={step.id}
              {...props}
              node={step}
              insideForEach={node.id}
              onChange={onStepChange}
              onRemove={onStepRemove}
            />
          )}
        />
      ) : (
        <ApprovalFields node={node} findings={findings} onChange={onChange} />
      )}
      <FieldMessages
        id={`${node.id}-other`}
        errors={loose(findings.problems)}
        warnings={loose(findings.warnings)}
      />
    </li>
  );
}
