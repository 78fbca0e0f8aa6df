import { beginAuthorization } from "../../../../worker/connections/builtin-oauth";
import { currentActor } from "../../../_lib/actor";
import { db } from "../../../_lib/db";
import { appErrorMessage } from "../../../_lib/http-errors";
import { publicOrigin } from "../../../_lib/public-origin";
import { keyRing } from "../../../_lib/key-ring";

export const dynamic = "force-dynamic";

/** GET /api/oauth/start?connector=slack[&connection=<id to repair>] → the provider's consent page. */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const origin = publicOrigin(request);
  const connectorId = url.searchParams.get("connector") ?? "";
  const connectionId = url.searchParams.get("connection") ?? undefined;
  // Outside the try: signed out, redirect() sends the browser to /sign-in.
  const actor = await currentActor();
  try {
    const { url: authorizationUrl } = await beginAuthorization(db(), await keyRing(), {
      workspaceId: actor.workspaceId,
      userId: actor.userId,
      connectorId,
      connectionId,
      redirectUri: new URL("/api/oauth/callback", origin).toString(),
    });
    return Response.redirect(authorizationUrl, 302);
  } catch (err) {
    const back = new URL("/connections", origin);
    back.searchParams.set("error", appErrorMessage(err));
    return Response.redirect(back, 303);
  }
}
