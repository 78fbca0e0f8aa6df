import { withApi } from "../../../../../../../_lib/api";
import { db } from "../../../../../../../_lib/db";
import { listForEachItems } from "../../../../../../../_server/runs/list-for-each-items";
import { apiRoutes } from "../../../../../_schemas/route-table";

export const dynamic = "force-dynamic";

export const GET = withApi(apiRoutes.listForEachItems, ({ actor, params, query }) =>
  listForEachItems(db(), actor, params.runId, params.nodeId, query),
);
