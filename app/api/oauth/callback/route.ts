import { currentActor } from "../../../_lib/actor";
import { db } from "../../../_lib/db";
import { appErrorMessage } from "../../../_lib/http-errors";
import { publicOrigin } from "../../../_lib/public-origin";
import { keyRing } from "../../../_lib/key-ring";
import { finishOAuth } from "../../../_server/connections/finish-oauth";

export const dynamic = "force-dynamic";

/** GET /api/oauth/callback?code&state — where the provider sends the user back. */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const origin = publicOrigin(request);
  const back = new URL("/connections", origin);
  const providerError = url.searchParams.get("error");
  if (providerError) {
    const description = url.searchParams.get("error_description");
    back.searchParams.set("error", `The provider refused: ${description ?? providerError}`);
    return Response.redirect(back, 303);
  }
  // Outside the try: signed out, redirect() sends the browser to /sign-in.
  const actor = await currentActor();
  try {
    const { connectionId, resumed } = await finishOAuth(db(), await keyRing(), actor, url);
    back.searchParams.set("connected", connectionId);
    back.searchParams.set("resumed", String(resumed));
  } catch (err) {
    back.searchParams.set("error", appErrorMessage(err));
  }
  return Response.redirect(back, 303);
}
