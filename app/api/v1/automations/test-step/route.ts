import { withApi } from "../../../../_lib/api";
import { db } from "../../../../_lib/db";
import { testStep } from "../../../../_server/automations/test-step";
import { apiRoutes } from "../../_schemas/route-table";

export const dynamic = "force-dynamic";

export const POST = withApi(apiRoutes.testStep, ({ actor, body, request }) =>
  testStep(db(), actor, body, request.signal),
);
