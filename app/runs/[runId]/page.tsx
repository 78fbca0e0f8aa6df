import { currentActor } from "../../_lib/actor";
import { db } from "../../_lib/db";
import { runView } from "../../_server/ui/run-view";
import { RunLive } from "./run-live";
import { ApprovalRecord } from "../../_components/approval-record";
import { orNotFound } from "../../_lib/or-not-found";

export const dynamic = "force-dynamic";

export default async function RunPage({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  const view = await orNotFound(runView(db(), await currentActor(), runId));
  // The first paint is server-rendered; RunLive then polls for changes while it runs.
  return (
    <>
      <RunLive initial={view} />
      <ApprovalRecord runId={runId} />
    </>
  );
}
