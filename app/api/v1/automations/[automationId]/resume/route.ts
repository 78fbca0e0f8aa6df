import { withApi } from "../../../../../_lib/api";
import { db } from "../../../../../_lib/db";
import { resumeForActor } from "../../../../../_server/automations/trigger-controls";
import { apiRoutes } from "../../../_schemas/route-table";

export const dynamic = "force-dynamic";

export const POST = withApi(apiRoutes.resumeAutomation, ({ actor, params }) =>
  resumeForActor(db(), actor, params.automationId),
);
