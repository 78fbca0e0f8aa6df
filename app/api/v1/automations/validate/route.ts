import { withApi } from "../../../../_lib/api";
import { db } from "../../../../_lib/db";
import { validateGraph } from "../../../../_server/automations/validate-graph";
import { apiRoutes } from "../../_schemas/route-table";

export const dynamic = "force-dynamic";

export const POST = withApi(apiRoutes.validateGraph, ({ actor, body }) =>
  validateGraph(db(), actor, body.graph),
);
