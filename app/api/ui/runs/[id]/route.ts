import { apiActor } from "../../../../_lib/actor";
import { db } from "../../../../_lib/db";
import { errorResponse } from "../../../../_lib/http-errors";
import { runView } from "../../../../_server/ui/run-view";

export const dynamic = "force-dynamic";

/** The run page polls this while a run is going (small JSON, workspace-scoped). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    const view = await runView(db(), await apiActor(request), id);
    return Response.json(view, { headers: { "cache-control": "no-store" } });
  } catch (err) {
    return errorResponse(err);
  }
}
