import { withApi } from "../../../_lib/api";
import { db } from "../../../_lib/db";
import { createApiKey } from "../../../_server/api-keys/create-api-key";
import { listApiKeys } from "../../../_server/api-keys/list-api-keys";
import { apiRoutes } from "../_schemas/route-table";

export const dynamic = "force-dynamic";

export const GET = withApi(apiRoutes.listApiKeys, async ({ actor }) => ({
  apiKeys: await listApiKeys(db(), actor),
}));

export const POST = withApi(apiRoutes.createApiKey, ({ actor, body }) =>
  createApiKey(db(), actor, body),
);
