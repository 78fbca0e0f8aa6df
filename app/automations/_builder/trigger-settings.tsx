"use client";

import type { GraphNode as BuilderNode, TriggerConfig } from "../../../worker/engine/types";
import type { CatalogConnector } from "../../_server/ui/types";
import { Labeled } from "./labeled-input";
import type { Findings } from "./problems";
import { PollSettings } from "./trigger-poll";
import { ScheduleSettings } from "./trigger-schedule";
import { WebhookSettings } from "./trigger-webhook";

const KINDS = [
  { kind: "manual", label: "Manual" },
  { kind: "webhook", label: "Webhook" },
  { kind: "schedule", label: "Schedule" },
  { kind: "poll", label: "App event" },
] as const;

/** Settings a new kind starts with: enough to save, except a poll without any source. */
function startingConfig(kind: TriggerConfig["kind"], catalog: CatalogConnector[]): TriggerConfig {
  if (kind === "schedule") {
    const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return { kind, schedule: { cron: "0 9 * * 1-5", timezone } };
  }
  if (kind === "poll") {
    const connector = catalog.find((c) => c.triggers.length > 0);
    return {
      kind,
      poll: {
        source: connector?.triggers[0]?.key ?? "",
        connection: connector?.connections[0]?.id,
      },
    };
  }
  return { kind };
}

/** How runs of the automation start (docs/triggers.md); the kind's own fields below it. */
export function TriggerSettings(props: {
  node: BuilderNode;
  catalog: CatalogConnector[];
  findings: Findings;
  onChange: (node: BuilderNode) => void;
}) {
  const { node, findings, onChange } = props;
  const config = node.trigger ?? { kind: "manual" };
  // Manual is stored as no config at all, as graphs saved before triggers existed.
  const setConfig = (trigger: TriggerConfig) =>
    onChange({ ...node, trigger: trigger.kind === "manual" ? undefined : trigger });
  return (
    <div className="space-y-3" data-trigger-kind={config.kind}>
      <Labeled
        id={`${node.id}-trigger-kind`}
        label="Trigger"
        nodeId={node.id}
        field="trigger.kind"
        findings={findings}
      >
        <select
          id={`${node.id}-trigger-kind`}
          value={config.kind}
          onChange={(e) =>
            setConfig(startingConfig(e.target.value as TriggerConfig["kind"], props.catalog))
          }
        >
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
      </Labeled>
      {config.kind === "manual" ? (
        <p className="text-sm text-slate-700">
          Runs start by hand from the automation page (with a sample payload) or through the API.
        </p>
      ) : config.kind === "webhook" ? (
        <WebhookSettings
          nodeId={node.id}
          webhook={config.webhook ?? {}}
          findings={findings}
          onChange={(webhook) => setConfig({ kind: "webhook", webhook })}
        />
      ) : config.kind === "schedule" ? (
        <ScheduleSettings
          nodeId={node.id}
          schedule={config.schedule ?? { cron: "", timezone: "UTC" }}
          findings={findings}
          onChange={(schedule) => setConfig({ kind: "schedule", schedule })}
        />
      ) : (
        <PollSettings
          nodeId={node.id}
          poll={config.poll ?? { source: "" }}
          catalog={props.catalog}
          findings={findings}
          onChange={(poll) => setConfig({ kind: "poll", poll })}
        />
      )}
    </div>
  );
}
