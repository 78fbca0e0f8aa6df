"use client";

import { useActionState } from "react";
import { webhookSecretAction, type WebhookSecretState } from "./actions";

/**
 * The webhook's signing secret: generated here (or the sender's own, pasted), stored
 * encrypted, shown once. Only used when the trigger checks signatures.
 */
export function WebhookSecret(props: {
  automationId: string;
  hasSecret: boolean;
  /** The trigger's signature scheme, if it checks one. */
  scheme: string | null;
}) {
  const [state, formAction, pending] = useActionState<WebhookSecretState, FormData>(
    webhookSecretAction,
    {},
  );
  return (
    <form action={formAction} className="card space-y-2" aria-labelledby="webhook-secret-heading">
      <h2 id="webhook-secret-heading">Signing secret</h2>
      <input type="hidden" name="automationId" value={props.automationId} />
      <p className="muted" data-webhook-secret={props.hasSecret ? "set" : "none"}>
        {props.scheme
          ? `Events must be signed (${props.scheme}). `
          : "The trigger does not check signatures: choose a scheme in the editor to use one. "}
        {props.hasSecret ? "A secret is set; rotating replaces it at once." : "No secret set yet."}
      </p>
      {state.error ? (
        <p role="alert" className="notice error">
          {state.error}
        </p>
      ) : null}
      {state.secret ? (
        <div role="status" className="notice ok">
          <label htmlFor="new-webhook-secret">
            New signing secret — copy it into the sender now: it is shown only this once.
          </label>
          <input
            id="new-webhook-secret"
            readOnly
            value={state.secret}
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
      ) : null}
      {state.removed ? (
        <p role="status" className="notice ok">
          The signing secret was removed.
        </p>
      ) : null}
      <label htmlFor="own-webhook-secret">Use the sender&apos;s secret instead (optional)</label>
      <input
        id="own-webhook-secret"
        name="secret"
        type="password"
        autoComplete="off"
        placeholder="Leave empty to generate one"
      />
      <div className="actions">
        <button type="submit" className="button" disabled={pending}>
          {props.hasSecret ? "Rotate secret" : "Set secret"}
        </button>
        {props.hasSecret ? (
          <button type="submit" name="intent" value="remove" className="button" disabled={pending}>
            Remove secret
          </button>
        ) : null}
      </div>
    </form>
  );
}
