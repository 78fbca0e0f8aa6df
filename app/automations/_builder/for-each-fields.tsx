"use client";

import type { ReactNode } from "react";
import {
  DEFAULT_FOR_EACH_CONCURRENCY,
  MAX_FOR_EACH_CONCURRENCY,
  type GraphNode,
} from "../../../worker/engine/types";
import { AddStep } from "./add-step";
import { EdgesTable } from "./edges-table";
import { FieldMessages } from "./field-messages";
import { bodyOf, newNode, withForEach, withNode, withoutNode } from "./graph-edits";
import { Labeled } from "./labeled-input";
import type { Findings } from "./problems";
import { ReferencePicker } from "./reference-picker";
import type { Reference } from "./references";
import { NumberInput } from "./retry-fields";

/**
 * A for-each node's card: the list to go through, how many items run at once, whether
 * the steps after it run with the items that succeeded, and its body — the steps run
 * for each item, in the same step forms, with an edges table of their own.
 */
export function ForEachFields(props: {
  node: GraphNode;
  /** Every step of the graph: new body steps get ids unused anywhere in it. */
  allNodes: GraphNode[];
  findings: Findings;
  /** References the list may name; those holding a list are offered. */
  references: Reference[];
  onChange: (node: GraphNode) => void;
  /** One body step's card, in the same form as a top-level step's. */
  renderStep: (
    step: GraphNode,
    onChange: (step: GraphNode) => void,
    onRemove: () => void,
  ) => ReactNode;
}) {
  const { node, findings, onChange } = props;
  const spec = node.forEach ?? { items: "", body: bodyOf(node) };
  const body = bodyOf(node);
  const name = node.name ?? node.id;
  const id = (part: string) => `${node.id}-${part}`;
  const lists = props.references.filter((r) => r.list);
  const setBody = (next: typeof body) => onChange(withForEach(node, { body: next }));
  const stepIds = new Set(body.nodes.map((n) => n.id));
  // Problems about the body as a whole: no steps yet, or a step the parser could not place.
  const bodyLevel = (list: Findings["problems"]) =>
    list.filter(
      (p) =>
        p.nodeId === node.id &&
        (p.field === "forEach.body" || p.field.startsWith("forEach.body.nodes")),
    );
  return (
    <div className="space-y-3" data-for-each-fields={node.id}>
      <div className="grid gap-3 @2xl:grid-cols-[2fr_1fr]">
        <Labeled
          id={id("items")}
          label="List to go through"
          nodeId={node.id}
          field="forEach.items"
          findings={findings}
          help="A reference to a list, e.g. {{ trigger.orders }}: the steps below run once for each of its items, side by side."
        >
          <input
            id={id("items")}
            value={spec.items}
            onChange={(e) => onChange(withForEach(node, { items: e.target.value }))}
          />
          <ReferencePicker
            fieldLabel="List to go through"
            references={lists}
            onPick={(template) => onChange(withForEach(node, { items: template }))}
          />
          {lists.length === 0 ? (
            <p className="field-warning">
              No list to pick yet: give the sample payload one, e.g.{" "}
              <code>{'{"orders": [{"id": 1}]}'}</code>, or test a step that returns one.
            </p>
          ) : null}
        </Labeled>
        <Labeled
          id={id("concurrency")}
          label="Items at once"
          nodeId={node.id}
          field="forEach.concurrency"
          findings={findings}
          help={`How many items run side by side. Empty: ${DEFAULT_FOR_EACH_CONCURRENCY}; at most ${MAX_FOR_EACH_CONCURRENCY}.`}
        >
          <NumberInput
            id={id("concurrency")}
            value={spec.concurrency}
            unit="count"
            onChange={(v) => onChange(withForEach(node, { concurrency: v as number | undefined }))}
          />
        </Labeled>
      </div>
      <div className="space-y-1" data-field="forEach.continueWithSucceeded">
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={spec.continueWithSucceeded ?? false}
            aria-describedby={id("continue-help")}
            onChange={(e) =>
              onChange(withForEach(node, { continueWithSucceeded: e.target.checked || undefined }))
            }
          />
          Continue with the items that succeeded
        </label>
        <p id={id("continue-help")} className="muted">
          When some items fail, the steps joined to {name} by a dependent edge still run, with the
          items that succeeded; unchecked, they run only if every item succeeded.
        </p>
      </div>
      <section
        aria-labelledby={id("body-heading")}
        className="space-y-3 border-l-4 border-indigo-200 pl-3"
        data-field="forEach.body"
        data-for-each-body={node.id}
      >
        <h3 id={id("body-heading")} className="text-sm font-semibold">
          Steps for each item of {name}
        </h3>
        <p className="muted">
          Each item runs these steps on its own: one item failing never stops another. Steps read
          the item as {"{{ item }}"} or its fields, e.g. {"{{ item.id }}"}.
        </p>
        <FieldMessages
          id={id("body-messages")}
          errors={bodyLevel(findings.problems)}
          warnings={bodyLevel(findings.warnings)}
        />
        {body.nodes.length > 0 ? (
          <ol className="space-y-3">
            {body.nodes.map((step) =>
              props.renderStep(
                step,
                (next) =>
                  setBody({ ...body, nodes: body.nodes.map((n) => (n.id === step.id ? next : n)) }),
                () => setBody(withoutNode(body, step.id)),
              ),
            )}
          </ol>
        ) : null}
        <AddStep
          idPrefix={id("add")}
          legend={`Add a step for each item of ${name}`}
          afterLabel="Runs after"
          kindLabel="Joined to it by"
          parents={[
            { id: "", label: "the start of the item" },
            ...body.nodes.map((n) => ({ id: n.id, label: n.name ?? n.id })),
          ]}
          types={["action", "condition"]}
          buttonSuffix=" for each item"
          onAdd={(type, after, kind) =>
            setBody(withNode(body, newNode({ nodes: props.allNodes }, type), after, kind))
          }
        />
        <h4 className="text-sm font-semibold">Edges between the steps for each item</h4>
        <div data-body-edges={node.id}>
          <EdgesTable
            nodes={body.nodes}
            edges={body.edges}
            findings={findings}
            onChange={(edges) => setBody({ ...body, edges })}
            idPrefix={id("edge")}
            field="forEach.body.edges"
            owns={(nodeId) => nodeId === node.id || (nodeId !== null && stepIds.has(nodeId))}
            empty="No edges yet: every step starts when its item starts."
            legend={`Join two steps of ${name}`}
          />
        </div>
      </section>
    </div>
  );
}
