import { withApi } from "../../../../_lib/api";
import { db } from "../../../../_lib/db";
import { updateConnectionLimits } from "../../../../_server/connections/update-limits";
import { apiRoutes } from "../../_schemas/route-table";

export const dynamic = "force-dynamic";

export const PATCH = withApi(apiRoutes.updateConnectionLimits, ({ actor, params, body }) =>
  updateConnectionLimits(db(), actor, params.connectionId, body),
);
