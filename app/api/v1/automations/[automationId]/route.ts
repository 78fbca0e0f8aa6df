import { withApi } from "../../../../_lib/api";
import { db } from "../../../../_lib/db";
import { getAutomation } from "../../../../_server/automations/get-automation";
import { apiRoutes } from "../../_schemas/route-table";

export const dynamic = "force-dynamic";

export const GET = withApi(apiRoutes.getAutomation, ({ actor, params }) =>
  getAutomation(db(), actor, params.automationId),
);
