import { withApi } from "../../../../../_lib/api";
import { db } from "../../../../../_lib/db";
import { startRunForActor } from "../../../../../_server/runs/start-run-for-actor";
import { apiRoutes } from "../../../_schemas/route-table";

export const dynamic = "force-dynamic";

export const POST = withApi(apiRoutes.startRun, ({ actor, params, body }) =>
  startRunForActor(db(), actor, { automationId: params.automationId, payload: body.payload }),
);
