import { publicOrigin } from "../../../_lib/public-origin";
import { buildOpenApiDocument } from "../_schemas/openapi";

export const dynamic = "force-dynamic";

/** GET /api/v1/openapi.json — public, so clients and generators can fetch it unauthenticated. */
export function GET(request: Request) {
  return Response.json(buildOpenApiDocument(new URL("/api/v1", publicOrigin(request)).toString()));
}
