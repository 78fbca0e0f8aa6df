import { withApi } from "../../../../_lib/api";
import { db } from "../../../../_lib/db";
import { prismaSql } from "../../../../../worker/runs/store/sql";
import { getRunForActor } from "../../../../_server/runs/get-run-for-actor";
import { apiRoutes } from "../../_schemas/route-table";

export const dynamic = "force-dynamic";

export const GET = withApi(apiRoutes.getRun, ({ actor, params }) =>
  getRunForActor(prismaSql(db()), actor, params.runId),
);
