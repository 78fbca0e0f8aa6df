import { withApi } from "../../../../_lib/api";
import { db } from "../../../../_lib/db";
import { revokeApiKey } from "../../../../_server/api-keys/revoke-api-key";
import { apiRoutes } from "../../_schemas/route-table";

export const dynamic = "force-dynamic";

export const DELETE = withApi(apiRoutes.revokeApiKey, ({ actor, params }) =>
  revokeApiKey(db(), actor, params.keyId),
);
