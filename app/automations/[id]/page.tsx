import { headers } from "next/headers";
import Link from "next/link";
import { triggerConfigOf } from "../../../worker/engine/trigger-schema";
import { GateRecords } from "../../_components/gate-records";
import { RunsTable } from "../../_components/runs-table";
import { currentActor } from "../../_lib/actor";
import { db } from "../../_lib/db";
import { publicOriginOf } from "../../_lib/public-origin";
import { gateRecordsForActor } from "../../_server/automations/gate-records";
import { triggerStateForActor, webhookPath } from "../../_server/automations/trigger-controls";
import { getAutomationForUi, listRunsForUi } from "../../_server/ui/automations";
import { graphForPicture } from "../../_server/ui/graph-words";
import { GraphView } from "../_builder/graph-view";
import { startRunAction } from "../actions";
import { ReportSettingsForm } from "./_reports/report-settings-form";
import { PauseControls } from "./_trigger/pause-controls";
import { TestEvent } from "./_trigger/test-event";
import { WebhookSecret } from "./_trigger/webhook-secret";
import { WebhookUrl } from "./_trigger/webhook-url";
import { orNotFound } from "../../_lib/or-not-found";

export const dynamic = "force-dynamic";

export default async function AutomationPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ error?: string }>;
}) {
  const { id } = await params;
  const { error } = await searchParams;
  const actor = await currentActor();
  const automation = await orNotFound(getAutomationForUi(db(), actor, id));
  const [runs, gates] = await Promise.all([
    listRunsForUi(db(), actor, id),
    gateRecordsForActor(db(), actor, id),
  ]);
  const { webhookToken, hasWebhookSecret, ...pause } = await triggerStateForActor(db(), actor, id);
  const trigger = automation.graph ? triggerConfigOf(automation.graph) : null;
  const isWebhook = trigger?.kind === "webhook";
  const origin = publicOriginOf(await headers());
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="mb-0">{automation.name}</h1>
        <div className="actions">
          <Link href={`/automations/${id}/edit`} className="button">
            Edit
          </Link>
          <Link href={`/automations/${id}/versions`} className="button">
            Version history
          </Link>
        </div>
      </div>
      {error ? (
        <p className="notice error" role="alert">
          {error}
        </p>
      ) : null}
      <p className="muted">Latest version: {automation.versions[0]?.number ?? "none saved"}</p>
      {automation.graph ? <GraphView {...graphForPicture(automation.graph)} /> : null}
      <PauseControls {...pause} />
      {isWebhook ? (
        <WebhookUrl
          automationId={id}
          url={webhookToken ? `${origin}${webhookPath(webhookToken)}` : null}
        />
      ) : null}
      {isWebhook ? (
        <WebhookSecret
          automationId={id}
          hasSecret={hasWebhookSecret}
          scheme={
            trigger.webhook?.signature
              ? { github: "GitHub", "standard-webhooks": "Standard Webhooks" }[
                  trigger.webhook.signature.scheme
                ]
              : null
          }
        />
      ) : null}
      <TestEvent automationId={id} />
      <form action={startRunAction} className="card space-y-2">
        <input type="hidden" name="automationId" value={id} />
        <label htmlFor="run-payload">Sample payload (JSON)</label>
        <textarea
          id="run-payload"
          name="payload"
          rows={4}
          defaultValue={JSON.stringify(automation.samplePayload ?? {}, null, 2)}
        />
        <button type="submit" className="button-primary">
          Start run
        </button>
      </form>
      <GateRecords gates={gates} />
      <ReportSettingsForm
        automationId={id}
        reportRecipients={automation.reportRecipients}
        reportDigestMinutes={automation.reportDigestMinutes}
      />
      <h2>Runs</h2>
      <RunsTable runs={runs} />
    </div>
  );
}
