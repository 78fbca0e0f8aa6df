import { withApi } from "../../../_lib/api";
import { db } from "../../../_lib/db";
import { createAutomation } from "../../../_server/automations/create-automation";
import { listAutomations } from "../../../_server/automations/list-automations";
import { apiRoutes } from "../_schemas/route-table";

export const dynamic = "force-dynamic";

export const GET = withApi(apiRoutes.listAutomations, async ({ actor }) => ({
  automations: await listAutomations(db(), actor),
}));

export const POST = withApi(apiRoutes.createAutomation, ({ actor, body }) =>
  createAutomation(db(), actor, body),
);
