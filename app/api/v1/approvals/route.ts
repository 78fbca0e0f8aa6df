import { withApi } from "../../../_lib/api";
import { db } from "../../../_lib/db";
import { listApprovalsForActor } from "../../../_server/approvals/approvals-api";
import { apiRoutes } from "../_schemas/route-table";

export const dynamic = "force-dynamic";

export const GET = withApi(apiRoutes.listApprovals, ({ actor }) =>
  listApprovalsForActor(db(), actor),
);
