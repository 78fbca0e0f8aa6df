import { withApi } from "../../../_lib/api";
import { db } from "../../../_lib/db";
import { listConnections } from "../../../_server/connections/list-connections";
import { apiRoutes } from "../_schemas/route-table";

export const dynamic = "force-dynamic";

export const GET = withApi(apiRoutes.listConnections, async ({ actor }) => ({
  connections: await listConnections(db(), actor.workspaceId),
}));
