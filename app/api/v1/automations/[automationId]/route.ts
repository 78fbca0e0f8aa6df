import { withApi } from "../../../../_lib/api";
import { db } from "../../../../_lib/db";
import { getAutomation } from "../../../../_server/automations/get-automation";
import { updateReportSettings } from "../../../../_server/automations/update-report-settings";
import { apiRoutes } from "../../_schemas/route-table";

export const dynamic = "force-dynamic";

export const GET = withApi(apiRoutes.getAutomation, ({ actor, params }) =>
  getAutomation(db(), actor, params.automationId),
);

export const PATCH = withApi(apiRoutes.updateAutomation, ({ actor, params, body }) =>
  updateReportSettings(db(), actor, params.automationId, body),
);
