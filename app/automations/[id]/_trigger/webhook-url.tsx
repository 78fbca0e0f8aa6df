import { rotateWebhookAction } from "./actions";

/** The webhook URL, or a note that saving a webhook trigger creates it, and Rotate. */
export function WebhookUrl(props: { automationId: string; url: string | null }) {
  return (
    <form action={rotateWebhookAction} className="card space-y-2">
      <input type="hidden" name="automationId" value={props.automationId} />
      <label htmlFor="webhook-url">Webhook URL</label>
      {props.url ? (
        <input id="webhook-url" readOnly value={props.url} data-webhook-url={props.url} />
      ) : (
        <p id="webhook-url" className="muted">
          None yet: it is created when a webhook trigger is saved.
        </p>
      )}
      <p className="muted">
        POST JSON or form data to it. Rotating gives a new URL; the old one stops at once.
      </p>
      <button type="submit" className="button">
        Rotate
      </button>
    </form>
  );
}
