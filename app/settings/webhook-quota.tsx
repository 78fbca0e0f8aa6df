import { webhooksRefusedLastHour } from "../../worker/intake/webhook-quota";
import { triggerSettings } from "../../worker/triggers/trigger-settings";
import { db } from "../_lib/db";

/** The workspace's webhook quota and what it refused lately (docs/limits.md). */
export async function WebhookQuota({ workspaceId }: { workspaceId: string }) {
  const perMinute = triggerSettings().webhookQuotaPerMinute;
  const refused = await webhooksRefusedLastHour(db(), workspaceId, new Date());
  return (
    <section className="card mt-6" aria-label="Webhook quota" data-webhook-quota>
      <h2 className="font-semibold">Webhook quota</h2>
      <p className="mt-1 text-sm text-slate-600">
        {perMinute === 0
          ? "This server sets no quota on webhooks."
          : `This workspace may receive ${perMinute.toLocaleString("en")} webhooks a minute; more are refused (429) and their senders asked to send again.`}
      </p>
      <p className="muted mt-1" data-refused-last-hour={refused}>
        {refused === 0
          ? "No webhook was refused over the quota in the last hour."
          : `${refused.toLocaleString("en")} ${refused === 1 ? "webhook was" : "webhooks were"} refused over the quota in the last hour.`}
      </p>
    </section>
  );
}
