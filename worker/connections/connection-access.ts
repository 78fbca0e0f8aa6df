// What the worker asks before and after calling a provider (R8): credentials for one
// attempt, and one refresh after a 401. Dispatches on the connection's backend (builtin:
// decrypt and refresh here; nango: ask Nango) and auth kind (an API key cannot refresh).
//
// ok:false means the connection needs its owner (broken, revoked) or is not this
// workspace's; the step should wait for it. A provider or Nango that cannot be reached
// right now throws a retryable ConnectorError instead: nothing is wrong with the account.
import type { ActionCredentials } from "../../connectors/_sdk/define";
import { ConnectorError } from "../../connectors/_sdk/errors";
import type { Connection, PrismaClient } from "../../prisma/client";
import { refreshConnection, type RefreshOutcome } from "./builtin-oauth";
import type { KeyRing } from "./crypto";
import type { Env } from "./env";
import { markConnectionBroken } from "./mark-broken";
import { createNangoBackend, type NangoBackend } from "./nango-backend";
import { openApiKey, openOAuthCredentials } from "./stored-credentials";

export type CredentialsResult =
  | { ok: true; credentials: ActionCredentials }
  | { ok: false; reason: "broken" | "revoked" | "not_found"; message: string };

export interface ConnectionAccess {
  /** Credentials for one attempt; refreshes ahead of expiry (e.g. < 60 s left); a failed refresh marks the connection broken (and notifies its owner) and returns ok:false. Updates lastUsedAt. */
  getCredentials(connectionId: string, workspaceId: string): Promise<CredentialsResult>;
  /** The provider answered 401: refresh once; ok:true with fresh credentials, or ok:false after marking the connection broken. */
  refreshAfterUnauthorized(
    connectionId: string,
    workspaceId: string,
    providerMessage: string,
  ): Promise<CredentialsResult>;
}

/** Refresh when less than this is left, so a token does not expire mid-call. */
const REFRESH_AHEAD_MS = 60_000;
/** Bounds the memory of which token each connection last handed out. */
const HANDED_OUT_LIMIT = 1_000;

export function createConnectionAccess(deps: {
  prisma: PrismaClient;
  ring: KeyRing;
  env?: Env;
}): ConnectionAccess {
  const { prisma, ring } = deps;
  const env = deps.env ?? process.env;
  let nango: NangoBackend | null | undefined;
  const nangoBackend = (): NangoBackend => {
    nango ??= createNangoBackend({ prisma, env });
    if (!nango) {
      throw new ConnectorError({
        errorClass: "internal",
        retryable: false,
        message: "This connection goes through Nango, but NANGO_SECRET_KEY is not set",
      });
    }
    return nango;
  };
  // The builtin token each connection last handed out: after a 401, a different token in
  // the database means another attempt already refreshed, and that one is reused.
  const handedOut = new Map<string, string>();
  const remember = (connectionId: string, accessToken: string) => {
    handedOut.delete(connectionId);
    handedOut.set(connectionId, accessToken);
    if (handedOut.size > HANDED_OUT_LIMIT)
      handedOut.delete(handedOut.keys().next().value as string);
  };

  /** The connection when it is usable; otherwise why not. A wrong workspace is not_found (tenancy). */
  async function load(
    connectionId: string,
    workspaceId: string,
  ): Promise<Connection | CredentialsResult> {
    const connection = await prisma.connection.findFirst({
      where: { id: connectionId, workspaceId },
    });
    if (!connection)
      return { ok: false, reason: "not_found", message: "No such connection in this workspace" };
    return connection.status === "connected" ? connection : unusable(connection);
  }

  async function succeed(
    connection: Connection,
    credentials: ActionCredentials,
  ): Promise<CredentialsResult> {
    await prisma.connection.update({
      where: { id: connection.id },
      data: { lastUsedAt: new Date() },
    });
    if (credentials.kind === "oauth2" && connection.backend === "builtin") {
      remember(connection.id, credentials.accessToken);
    }
    return { ok: true, credentials };
  }

  async function markBroken(connection: Connection, message: string): Promise<CredentialsResult> {
    await prisma.$transaction((tx) => markConnectionBroken(tx, connection.id, message));
    return { ok: false, reason: "broken", message };
  }

  async function fromRefresh(
    connection: Connection,
    outcome: RefreshOutcome,
  ): Promise<CredentialsResult> {
    if (!outcome.ok) return { ok: false, reason: outcome.status, message: outcome.message };
    return succeed(connection, { kind: "oauth2", accessToken: outcome.accessToken });
  }

  async function fromNango(
    connection: Connection,
    forceRefresh: boolean,
    context?: string,
  ): Promise<CredentialsResult> {
    const answer = await nangoBackend().getNangoCredentials(connection, { forceRefresh });
    if (answer.ok) return succeed(connection, answer.credentials);
    return markBroken(connection, context ? `${context}; ${answer.message}` : answer.message);
  }

  return {
    async getCredentials(connectionId, workspaceId) {
      const connection = await load(connectionId, workspaceId);
      if ("ok" in connection) return connection;
      if (connection.backend === "nango") return fromNango(connection, false);
      if (connection.authKind === "api_key") {
        return succeed(connection, {
          kind: "api_key",
          apiKey: openApiKey(ring, connection.encryptedCredentials),
        });
      }
      const stored = openOAuthCredentials(ring, connection.encryptedCredentials);
      const expiresAt = connection.accessTokenExpiresAt;
      if (expiresAt === null || expiresAt.getTime() - Date.now() > REFRESH_AHEAD_MS) {
        return succeed(connection, { kind: "oauth2", accessToken: stored.accessToken });
      }
      const outcome = await refreshConnection(
        prisma,
        ring,
        { connectionId, seenAccessToken: stored.accessToken },
        { env },
      );
      return fromRefresh(connection, outcome);
    },

    async refreshAfterUnauthorized(connectionId, workspaceId, providerMessage) {
      const connection = await load(connectionId, workspaceId);
      if ("ok" in connection) return connection;
      if (connection.backend === "nango") return fromNango(connection, true, providerMessage);
      // An API key cannot be renewed: a 401 means it was revoked or rotated.
      if (connection.authKind === "api_key") return markBroken(connection, providerMessage);
      const seenAccessToken = handedOut.get(connectionId);
      const outcome = await refreshConnection(
        prisma,
        ring,
        {
          connectionId,
          context: providerMessage,
          ...(seenAccessToken !== undefined && { seenAccessToken }),
        },
        { env },
      );
      return fromRefresh(connection, outcome);
    },
  };
}

function unusable(connection: Connection): CredentialsResult {
  if (connection.status === "revoked") {
    return { ok: false, reason: "revoked", message: `"${connection.label}" was disconnected` };
  }
  return {
    ok: false,
    reason: "broken",
    message: connection.lastError ?? `"${connection.label}" needs to be reconnected`,
  };
}
