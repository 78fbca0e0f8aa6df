"use client";

import type { WebhookTriggerConfig } from "../../../worker/engine/types";
import { Labeled } from "./labeled-input";
import type { Findings } from "./problems";

type Scheme = NonNullable<WebhookTriggerConfig["signature"]>["scheme"];

/**
 * Optional signature check. The secret itself is set on the automation's page (shown once);
 * an environment variable named here is the fallback for deployments that keep it there.
 */
export function WebhookSettings(props: {
  nodeId: string;
  webhook: WebhookTriggerConfig;
  findings: Findings;
  onChange: (webhook: WebhookTriggerConfig) => void;
}) {
  const { nodeId, webhook, findings, onChange } = props;
  const id = (field: string) => `${nodeId}-webhook-${field}`;
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">
        Runs start when something POSTs to the automation&apos;s URL, shown on its page after
        saving.
      </p>
      <div className="grid gap-3 @2xl:grid-cols-2">
        <Labeled
          id={id("scheme")}
          label="Signature scheme"
          nodeId={nodeId}
          field="trigger.webhook.signature.scheme"
          findings={findings}
        >
          <select
            id={id("scheme")}
            value={webhook.signature?.scheme ?? ""}
            onChange={(e) =>
              onChange(
                e.target.value
                  ? { signature: { ...webhook.signature, scheme: e.target.value as Scheme } }
                  : {},
              )
            }
          >
            <option value="">None (the URL is the secret)</option>
            <option value="standard-webhooks">Standard Webhooks</option>
            <option value="github">GitHub (X-Hub-Signature-256)</option>
          </select>
        </Labeled>
        {webhook.signature ? (
          <Labeled
            id={id("secret-env")}
            label="Secret environment variable (optional)"
            nodeId={nodeId}
            field="trigger.webhook.signature.secretEnv"
            findings={findings}
            help="Set the secret on the automation's page after saving. Only for secrets kept in the server's environment, where its operator allows this workspace to use them: a variable named SWITCHYARD_WEBHOOK_SECRET_<NAME>."
          >
            <input
              id={id("secret-env")}
              value={webhook.signature.secretEnv ?? ""}
              placeholder="SWITCHYARD_WEBHOOK_SECRET_…"
              onChange={(e) => {
                const { secretEnv: _previous, ...rest } = webhook.signature!;
                onChange({
                  signature: e.target.value ? { ...rest, secretEnv: e.target.value } : rest,
                });
              }}
            />
          </Labeled>
        ) : null}
      </div>
    </div>
  );
}
