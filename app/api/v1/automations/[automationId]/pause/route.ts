import { withApi } from "../../../../../_lib/api";
import { db } from "../../../../../_lib/db";
import { pauseForActor } from "../../../../../_server/automations/trigger-controls";
import { apiRoutes } from "../../../_schemas/route-table";

export const dynamic = "force-dynamic";

export const POST = withApi(apiRoutes.pauseAutomation, ({ actor, params, body }) =>
  pauseForActor(db(), actor, params.automationId, body),
);
