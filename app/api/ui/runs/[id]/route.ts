import { apiActor } from "../../../../_lib/actor";
import { db } from "../../../../_lib/db";
import { errorResponse } from "../../../../_lib/http-errors";
import { parseRunPageSearch, runPageView } from "../../../../_server/ui/run-page-view";

export const dynamic = "force-dynamic";

/**
 * The run page polls this while a run is going (small JSON, workspace-scoped), with the
 * page's search params, so the for-each items it shows stay the ones asked for.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    const url = new URL(request.url);
    const search = parseRunPageSearch((name) => url.searchParams.get(name) ?? undefined);
    const view = await runPageView(db(), await apiActor(request), id, search);
    return Response.json(view, { headers: { "cache-control": "no-store" } });
  } catch (err) {
    return errorResponse(err);
  }
}
