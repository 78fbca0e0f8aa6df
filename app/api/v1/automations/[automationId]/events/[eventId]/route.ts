import { withApi } from "../../../../../../_lib/api";
import { db } from "../../../../../../_lib/db";
import { webhookEventForActor } from "../../../../../../_server/automations/trigger-controls";
import { apiRoutes } from "../../../../_schemas/route-table";

export const dynamic = "force-dynamic";

export const GET = withApi(apiRoutes.getWebhookEvent, async ({ actor, params }) =>
  webhookEventForActor(db(), actor, params.automationId, params.eventId),
);
