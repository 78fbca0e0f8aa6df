import { notFound } from "next/navigation";
import { AppError } from "../../../worker/errors";
import { currentActor } from "../../_lib/actor";
import { db } from "../../_lib/db";
import { runView } from "../../_server/ui/run-view";
import { RunLive } from "./run-live";
import { ApprovalRecord } from "../../_components/approval-record";

export const dynamic = "force-dynamic";

export default async function RunPage({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  const view = await runView(db(), await currentActor(), runId).catch((err: unknown) => {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  });
  // The first paint is server-rendered; RunLive then polls for changes while it runs.
  return (
    <>
      <RunLive initial={view} />
      <ApprovalRecord runId={runId} />
    </>
  );
}
