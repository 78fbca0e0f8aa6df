import { withApi } from "../../../../../_lib/api";
import { db } from "../../../../../_lib/db";
import { setWebhookSecretForActor } from "../../../../../_server/automations/trigger-controls";
import { apiRoutes } from "../../../_schemas/route-table";

export const dynamic = "force-dynamic";

export const POST = withApi(apiRoutes.setWebhookSecret, async ({ actor, params, body }) => ({
  automationId: params.automationId,
  secret: await setWebhookSecretForActor(db(), actor, params.automationId, {
    value: body.secret,
  }),
}));

export const DELETE = withApi(apiRoutes.removeWebhookSecret, async ({ actor, params }) => ({
  automationId: params.automationId,
  secret: await setWebhookSecretForActor(db(), actor, params.automationId, null),
}));
