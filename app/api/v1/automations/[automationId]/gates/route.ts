import { withApi } from "../../../../../_lib/api";
import { db } from "../../../../../_lib/db";
import { gateRecordsForActor } from "../../../../../_server/automations/gate-records";
import { apiRoutes } from "../../../_schemas/route-table";

export const dynamic = "force-dynamic";

export const GET = withApi(apiRoutes.listGateRecords, async ({ actor, params }) => ({
  gates: await gateRecordsForActor(db(), actor, params.automationId),
}));
