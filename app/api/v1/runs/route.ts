import { withApi } from "../../../_lib/api";
import { db } from "../../../_lib/db";
import { listRuns } from "../../../_server/runs/list-runs";
import { apiRoutes } from "../_schemas/route-table";

export const dynamic = "force-dynamic";

export const GET = withApi(apiRoutes.listRuns, async ({ actor, query }) => ({
  runs: await listRuns(db(), actor, {
    ...query,
    before: query.before ? new Date(query.before) : undefined,
    since: query.since ? new Date(query.since) : undefined,
  }),
}));
