import { withApi } from "../../../../../_lib/api";
import { db } from "../../../../../_lib/db";
import { retryRun } from "../../../../../_server/runs/retry-run";
import { apiRoutes } from "../../../_schemas/route-table";

export const dynamic = "force-dynamic";

export const POST = withApi(apiRoutes.retryRun, ({ actor, params, query }) =>
  retryRun(db(), actor, params.runId, query.version, {
    requestApprovalAgain: query.requestApprovalAgain,
  }),
);
