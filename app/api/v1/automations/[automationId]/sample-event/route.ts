import { withApi } from "../../../../../_lib/api";
import { db } from "../../../../../_lib/db";
import { sampleEventForActor } from "../../../../../_server/automations/trigger-controls";
import { apiRoutes } from "../../../_schemas/route-table";

export const dynamic = "force-dynamic";

export const GET = withApi(apiRoutes.getSampleEvent, async ({ actor, params, query }) => ({
  event: await sampleEventForActor(
    db(),
    actor,
    params.automationId,
    query.since ? new Date(query.since) : undefined,
  ),
}));
