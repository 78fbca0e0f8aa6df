import { withApi } from "../../../../../_lib/api";
import { db } from "../../../../../_lib/db";
import { publicOrigin } from "../../../../../_lib/public-origin";
import { rotateWebhookTokenForActor } from "../../../../../_server/automations/trigger-controls";
import { apiRoutes } from "../../../_schemas/route-table";

export const dynamic = "force-dynamic";

export const POST = withApi(apiRoutes.rotateWebhookToken, async ({ actor, params, request }) => {
  const path = await rotateWebhookTokenForActor(db(), actor, params.automationId);
  return { automationId: params.automationId, webhookUrl: `${publicOrigin(request)}${path}` };
});
