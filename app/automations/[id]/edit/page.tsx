import Link from "next/link";
import { GateRecords } from "../../../_components/gate-records";
import { currentActor } from "../../../_lib/actor";
import { db } from "../../../_lib/db";
import { gateRecordsForActor } from "../../../_server/automations/gate-records";
import { sampleEventForActor } from "../../../_server/automations/trigger-controls";
import { getAutomationForUi } from "../../../_server/ui/automations";
import { stepCatalog } from "../../../_server/ui/step-catalog";
import { recentRunsForUi } from "../../../_server/ui/test-step-view";
import { Builder } from "../../_builder/builder";
import { orNotFound } from "../../../_lib/or-not-found";

export const dynamic = "force-dynamic";

export default async function EditAutomationPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ sample?: string }>;
}) {
  const { id } = await params;
  const { sample } = await searchParams;
  const actor = await currentActor();
  const automation = await orNotFound(getAutomationForUi(db(), actor, id));
  const catalog = await stepCatalog(db(), actor);
  const latest = automation.versions[0];
  // "Use as sample payload" on the automation page: start from the newest real event.
  const event = sample === "latest" ? await sampleEventForActor(db(), actor, id) : null;
  // Beside the builder, so a gate that is always approved can be seen before editing it out.
  const gates = await gateRecordsForActor(db(), actor, id);
  const recentRuns = await recentRunsForUi(db(), actor, id);
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1>Edit {automation.name}</h1>
        <div className="actions">
          <Link href={`/automations/${id}`} className="button">
            Back to automation
          </Link>
          <Link href={`/automations/${id}/versions`} className="button">
            Version history
          </Link>
        </div>
      </div>
      <p className="muted mb-4">
        Editing from version {latest?.number ?? "—"}. Saving creates a new version; runs stay on the
        version they started with.
      </p>
      <Builder
        catalog={catalog}
        initial={{
          automationId: automation.id,
          name: automation.name,
          graph: automation.graph ?? { nodes: [{ id: "trigger", type: "trigger" }], edges: [] },
          versionNumber: latest?.number ?? null,
          sample: event?.payload ?? automation.samplePayload,
          recentRuns,
        }}
      />
      {gates.length > 0 ? (
        <div className="mt-6">
          <GateRecords gates={gates} />
        </div>
      ) : null}
    </>
  );
}
