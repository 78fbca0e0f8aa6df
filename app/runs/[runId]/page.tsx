import { currentActor } from "../../_lib/actor";
import { db } from "../../_lib/db";
import { parseRunPageSearch, runPageView } from "../../_server/ui/run-page-view";
import { RunLive } from "./run-live";
import { ApprovalRecord } from "../../_components/approval-record";
import { orNotFound } from "../../_lib/or-not-found";
import { itemsQuery } from "./items-href";

export const dynamic = "force-dynamic";

export default async function RunPage({
  params,
  searchParams,
}: {
  params: Promise<{ runId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { runId } = await params;
  const asked = await searchParams;
  const search = parseRunPageSearch((name) => [asked[name]].flat()[0]);
  const view = await orNotFound(runPageView(db(), await currentActor(), runId, search));
  const query = itemsQuery(search);
  // The first paint is server-rendered; RunLive then polls for changes while it runs.
  // Keyed by the items asked for: another page or filter is a fresh view of the run.
  return (
    <>
      <RunLive key={query} initial={view} query={query} />
      <ApprovalRecord runId={runId} />
    </>
  );
}
