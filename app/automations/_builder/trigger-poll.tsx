"use client";

import {
  DEFAULT_POLL_INTERVAL_SECONDS,
  MIN_POLL_INTERVAL_SECONDS,
} from "../../../worker/engine/trigger-schema";
import type { PollTriggerConfig } from "../../../worker/engine/types";
import type { CatalogConnector } from "../../_server/ui/types";
import { Labeled } from "./labeled-input";
import type { Findings } from "./problems";
import { SchemaForm } from "./schema-form";

/** An app event: the connector trigger to poll, the account it polls with, how often. */
export function PollSettings(props: {
  nodeId: string;
  poll: PollTriggerConfig;
  catalog: CatalogConnector[];
  findings: Findings;
  onChange: (poll: PollTriggerConfig) => void;
}) {
  const { nodeId, poll, findings, onChange } = props;
  const id = (field: string) => `${nodeId}-poll-${field}`;
  const withTriggers = props.catalog.filter((c) => c.triggers.length > 0);
  const connector = withTriggers.find((c) => poll.source.startsWith(`${c.id}.`));
  const source = connector?.triggers.find((t) => t.key === poll.source);
  return (
    <div className="space-y-3">
      <div className="grid gap-3 @2xl:grid-cols-3">
        <Labeled
          id={id("source")}
          label="App event"
          nodeId={nodeId}
          field="trigger.poll.source"
          findings={findings}
          help={source?.description}
        >
          <select
            id={id("source")}
            value={poll.source}
            onChange={(e) => {
              const next = withTriggers.find((c) => e.target.value.startsWith(`${c.id}.`));
              // Another source is another feed: its input and account do not carry over.
              onChange({
                source: e.target.value,
                connection: next?.connections[0]?.id,
                intervalSeconds: poll.intervalSeconds,
              });
            }}
          >
            <option value="">Choose…</option>
            {withTriggers.map((c) => (
              <optgroup key={c.id} label={c.displayName}>
                {c.triggers.map((t) => (
                  <option key={t.key} value={t.key}>
                    {t.displayName} ({t.key})
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </Labeled>
        {connector?.provider ? (
          <Labeled
            id={id("connection")}
            label="Connection"
            nodeId={nodeId}
            field="trigger.poll.connection"
            findings={findings}
          >
            <select
              id={id("connection")}
              value={poll.connection ?? ""}
              onChange={(e) => onChange({ ...poll, connection: e.target.value || undefined })}
            >
              <option value="">Choose an account…</option>
              {connector.connections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
          </Labeled>
        ) : null}
        <Labeled
          id={id("interval")}
          label="Check every (seconds)"
          nodeId={nodeId}
          field="trigger.poll.intervalSeconds"
          findings={findings}
        >
          <input
            id={id("interval")}
            type="number"
            min={MIN_POLL_INTERVAL_SECONDS}
            placeholder={String(DEFAULT_POLL_INTERVAL_SECONDS)}
            value={poll.intervalSeconds ?? ""}
            onChange={(e) =>
              onChange({
                ...poll,
                intervalSeconds: e.target.value === "" ? undefined : Number(e.target.value),
              })
            }
          />
        </Labeled>
      </div>
      {source ? (
        <SchemaForm
          nodeId={nodeId}
          prefix="trigger.poll.input"
          schema={source.input}
          value={poll.input ?? {}}
          onChange={(input) => onChange({ ...poll, input })}
          findings={findings}
          references={[]}
        />
      ) : null}
    </div>
  );
}
