import { withApi } from "../../../../../_lib/api";
import { db } from "../../../../../_lib/db";
import { saveAutomationVersion } from "../../../../../_server/automations/save-automation-version";
import { apiRoutes } from "../../../_schemas/route-table";

export const dynamic = "force-dynamic";

export const POST = withApi(apiRoutes.createVersion, ({ actor, params, body }) =>
  saveAutomationVersion(db(), actor, { automationId: params.automationId, graph: body.graph }),
);
