"use client";

import type { GraphNode } from "../../../worker/engine/types";
import type { CatalogConnector } from "../../_server/ui/types";
import { Labeled } from "./labeled-input";
import type { Findings } from "./problems";
import type { Reference } from "./references";
import { SchemaForm } from "./schema-form";

/** connector → action → connection, then the action's generated input form. */
export function ActionFields(props: {
  node: GraphNode;
  catalog: CatalogConnector[];
  findings: Findings;
  references: Reference[];
  onChange: (node: GraphNode) => void;
}) {
  const { node, catalog, findings, onChange } = props;
  const connectorId = node.action?.split(".")[0] ?? "";
  const connector = catalog.find((c) => c.id === connectorId);
  const action = connector?.actions.find((a) => a.key === node.action);
  const id = (field: string) => `${node.id}-${field}`;
  return (
    <div className="space-y-3">
      <div className="grid gap-3 @2xl:grid-cols-3">
        <Labeled
          id={id("connector")}
          label="Connector"
          nodeId={node.id}
          field="connector"
          findings={findings}
        >
          <select
            id={id("connector")}
            value={connectorId}
            onChange={(e) => {
              const next = catalog.find((c) => c.id === e.target.value);
              // A new connector means a new action and account: nothing old carries over.
              onChange({
                ...node,
                action: next?.actions[0]?.key,
                connection: next?.connections[0]?.id,
                input: {},
              });
            }}
          >
            <option value="">Choose…</option>
            {catalog.map((c) => (
              <option key={c.id} value={c.id}>
                {c.displayName}
              </option>
            ))}
          </select>
        </Labeled>
        <Labeled
          id={id("action")}
          label="Action"
          nodeId={node.id}
          field="action"
          findings={findings}
          help={action?.description}
        >
          <select
            id={id("action")}
            value={node.action ?? ""}
            disabled={!connector}
            onChange={(e) => onChange({ ...node, action: e.target.value, input: {} })}
          >
            {connector?.actions.map((a) => (
              <option key={a.key} value={a.key}>
                {a.displayName}
              </option>
            ))}
          </select>
        </Labeled>
        {connector?.provider ? (
          <Labeled
            id={id("connection")}
            label="Connection"
            nodeId={node.id}
            field="connection"
            findings={findings}
          >
            <select
              id={id("connection")}
              value={node.connection ?? ""}
              onChange={(e) => onChange({ ...node, connection: e.target.value || undefined })}
            >
              <option value="">Choose an account…</option>
              {connector.connections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
            {connector.connections.length === 0 ? (
              <p className="muted">
                No {connector.displayName} account yet: <a href="/connections">connect one</a>.
              </p>
            ) : null}
          </Labeled>
        ) : null}
      </div>
      {action ? (
        <SchemaForm
          nodeId={node.id}
          schema={action.input}
          value={node.input ?? {}}
          onChange={(input) => onChange({ ...node, input })}
          findings={findings}
          references={props.references}
        />
      ) : null}
    </div>
  );
}
