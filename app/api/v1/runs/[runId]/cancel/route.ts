import { withApi } from "../../../../../_lib/api";
import { db } from "../../../../../_lib/db";
import { cancelRun } from "../../../../../_server/runs/cancel-run";
import { apiRoutes } from "../../../_schemas/route-table";

export const dynamic = "force-dynamic";

export const POST = withApi(apiRoutes.cancelRun, ({ actor, params }) =>
  cancelRun(db(), actor, params.runId),
);
