import { withApi } from "../../../../../_lib/api";
import { db } from "../../../../../_lib/db";
import { decideApprovalForActor } from "../../../../../_server/approvals/approvals-api";
import { apiRoutes } from "../../../_schemas/route-table";

export const dynamic = "force-dynamic";

export const POST = withApi(apiRoutes.decideApproval, ({ actor, params, body }) =>
  decideApprovalForActor(db(), actor, params.requestId, body),
);
