import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AppError } from "../../worker/errors";
import { resolveActor } from "../_server/accounts/resolve-actor";
import { authenticateApiKey } from "../_server/api-keys/authenticate-api-key";
import type { Actor } from "./actor-type";
import { auth } from "./auth";
import { db } from "./db";
import { publicOrigin } from "./public-origin";
import { assertSessionWriteAllowed } from "./same-origin";

export type { Actor } from "./actor-type";

/**
 * Who is acting, for pages and server actions: the signed-in user in their
 * first workspace. Signed out, the visitor is sent to /sign-in (redirect
 * throws, so callers always get an actor).
 */
export async function currentActor(): Promise<Actor> {
  const session = await auth().api.getSession({ headers: await headers() });
  if (!session) redirect("/sign-in");
  return resolveActor(db(), session.user);
}

/**
 * Who is acting, for REST routes: `Authorization: Bearer sy_…` (an API key) or
 * the browser's session cookie. A request that presents a bearer token is
 * judged by that token alone, so a bad key never falls back to a cookie. Writes a
 * cookie authenticates must be same-origin JSON (CSRF: same-origin.ts).
 */
export async function apiActor(request: Request): Promise<Actor> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match?.[1]) throw new AppError("unauthenticated", "Expected Authorization: Bearer <key>");
    return authenticateApiKey(db(), match[1]);
  }
  const session = await auth().api.getSession({ headers: request.headers });
  if (!session) {
    throw new AppError("unauthenticated", "Sign in, or send Authorization: Bearer <API key>");
  }
  assertSessionWriteAllowed(request, publicOrigin(request));
  return resolveActor(db(), session.user);
}
