// The built-in OAuth 2.0 backend: Switchyard runs the authorization-code flow (state +
// PKCE) itself and keeps the tokens, encrypted, in Connection.encryptedCredentials.
//
//   beginAuthorization   -> URL to send the browser to (an OAuthFlow row remembers it)
//   completeAuthorization <- the callback URL: creates or repairs the connection
//   refreshConnection     under a row lock, so concurrent refreshes never race
//   revokeConnection      RFC 7009 where possible; the disconnect itself never fails on it
import * as oauth from "oauth4webapi";
import type { Connection, Prisma, PrismaClient } from "../../prisma/client";
import { getConnector } from "../../connectors/registry";
import { AppError } from "../errors";
import { decryptSecret, encryptSecret, type KeyRing } from "./crypto";
import type { Env } from "./env";
import { markConnectionBroken } from "./mark-broken";
import {
  buildAuthorizationUrl,
  classifyTokenFailure,
  exchangeCode,
  refreshTokens,
  revokeToken,
  type TokenSet,
} from "./oauth-client";
import { getOAuthClientConfig, type OAuthClientConfig } from "./provider-config";
import { openOAuthCredentials, sealOAuthCredentials } from "./stored-credentials";

export interface BuiltinOAuthOptions {
  /** Where the SWITCHYARD_OAUTH_* settings are read; default process.env. */
  env?: Env;
}

export type RefreshOutcome =
  | { ok: true; accessToken: string; expiresAt: Date | null }
  | { ok: false; status: "broken" | "revoked" | "not_found"; message: string };

const FLOW_TTL_MS = 10 * 60_000;
// A token another process refreshed is reused unless it is about to expire anyway.
const REUSE_MARGIN_MS = 5_000;
// The lock is held across the provider call (15 s timeout in oauth-client.ts).
const LOCKED_TX = { maxWait: 10_000, timeout: 30_000 };

export async function beginAuthorization(
  prisma: PrismaClient,
  ring: KeyRing,
  input: {
    workspaceId: string;
    userId: string;
    connectorId: string;
    redirectUri: string;
    /** Reconnect (repair) this connection instead of creating a new one. */
    connectionId?: string;
  },
  options: BuiltinOAuthOptions = {},
): Promise<{ url: string; state: string }> {
  const config = getOAuthClientConfig(input.connectorId, options.env);
  if (input.connectionId !== undefined) {
    const existing = await prisma.connection.findFirst({
      where: {
        id: input.connectionId,
        workspaceId: input.workspaceId,
        connectorId: input.connectorId,
        backend: "builtin",
        authKind: "oauth2",
      },
    });
    if (!existing) {
      throw new AppError(
        "not_found",
        `No ${config.connector.displayName} connection to reconnect with that id`,
      );
    }
  }
  const state = oauth.generateRandomState();
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const url = await buildAuthorizationUrl(config, {
    redirectUri: input.redirectUri,
    state,
    codeVerifier,
  });
  await prisma.oAuthFlow.create({
    data: {
      id: state,
      workspaceId: input.workspaceId,
      userId: input.userId,
      connectorId: input.connectorId,
      encryptedCodeVerifier: encryptSecret(ring, codeVerifier),
      redirectUri: input.redirectUri,
      connectionId: input.connectionId ?? null,
      expiresAt: new Date(Date.now() + FLOW_TTL_MS),
    },
  });
  return { url: url.href, state };
}

/** Finishes the flow the callback URL's `state` names; each state works once, for 10 minutes. */
export async function completeAuthorization(
  prisma: PrismaClient,
  ring: KeyRing,
  input: { callbackUrl: string | URL },
  options: BuiltinOAuthOptions = {},
): Promise<{ connectionId: string; repaired: boolean }> {
  const callback = new URL(input.callbackUrl).searchParams;
  const state = callback.get("state");
  if (!state)
    throw new AppError("invalid_input", "The authorization callback has no state parameter");
  const flow = await consumeFlow(prisma, state);
  const config = getOAuthClientConfig(flow.connectorId, options.env);
  const tokens = await exchangeCode(
    config,
    callback,
    state,
    flow.redirectUri,
    decryptSecret(ring, flow.encryptedCodeVerifier),
  );
  const data = {
    status: "connected" as const,
    brokenAt: null,
    lastError: null,
    lastErrorAt: null,
    encryptedCredentials: sealOAuthCredentials(ring, storedFrom(tokens)),
    accessTokenExpiresAt: tokens.expiresAt,
    scopes: grantedScopes(tokens, config),
  };
  if (flow.connectionId !== null) {
    const { count } = await prisma.connection.updateMany({
      where: { id: flow.connectionId, workspaceId: flow.workspaceId },
      data,
    });
    if (count === 0)
      throw new AppError("not_found", "The connection being reconnected no longer exists");
    return { connectionId: flow.connectionId, repaired: true };
  }
  const created = await prisma.connection.create({
    data: {
      ...data,
      workspaceId: flow.workspaceId,
      ownerId: flow.userId,
      connectorId: flow.connectorId,
      provider: config.provider,
      backend: "builtin",
      authKind: "oauth2",
      label: `${config.connector.displayName} (${new Date().toISOString().slice(0, 10)})`,
    },
  });
  return { connectionId: created.id, repaired: false };
}

async function consumeFlow(prisma: PrismaClient, state: string) {
  const now = new Date();
  // One conditional UPDATE: two callbacks with the same state cannot both get through.
  const { count } = await prisma.oAuthFlow.updateMany({
    where: { id: state, consumedAt: null, expiresAt: { gt: now } },
    data: { consumedAt: now },
  });
  const flow = await prisma.oAuthFlow.findUnique({ where: { id: state } });
  if (count === 1 && flow) return flow;
  const again = "start connecting again";
  if (!flow) throw new AppError("invalid_input", `Unknown authorization state: ${again}`);
  if (flow.consumedAt !== null) {
    throw new AppError("conflict", `This authorization was already used: ${again}`);
  }
  throw new AppError("invalid_input", `This authorization expired (after 10 minutes): ${again}`);
}

/**
 * A fresh access token for a builtin OAuth connection, refreshed under `SELECT ... FOR
 * UPDATE`. `seenAccessToken` is the token the caller found stale: if the row already holds
 * a different, live one, another process refreshed meanwhile and it is reused (refreshing
 * again could invalidate it, with rotating refresh tokens). A refusal by the provider marks
 * the connection broken (R8); an unreachable provider throws a retryable ConnectorError.
 */
export async function refreshConnection(
  prisma: PrismaClient,
  ring: KeyRing,
  input: { connectionId: string; seenAccessToken?: string; context?: string },
  options: BuiltinOAuthOptions = {},
): Promise<RefreshOutcome> {
  return prisma.$transaction(async (tx) => {
    const connection = await lockConnection(tx, input.connectionId);
    if (!connection)
      return { ok: false, status: "not_found", message: "The connection no longer exists" };
    if (connection.status !== "connected") {
      return {
        ok: false,
        status: connection.status,
        message: connection.lastError ?? "The connection was disconnected",
      };
    }
    const stored = openOAuthCredentials(ring, connection.encryptedCredentials);
    const expiresAt = connection.accessTokenExpiresAt;
    const live = expiresAt === null || expiresAt.getTime() > Date.now() + REUSE_MARGIN_MS;
    if (
      input.seenAccessToken !== undefined &&
      stored.accessToken !== input.seenAccessToken &&
      live
    ) {
      return { ok: true, accessToken: stored.accessToken, expiresAt };
    }
    // Decided before reading the OAuth app's settings: a connection that cannot
    // be refreshed breaks the same way whether or not this process has them.
    const name = getConnector(connection.connectorId)?.displayName ?? connection.connectorId;
    const prefix = input.context ? `${input.context}; ` : "";
    const breakWith = async (message: string): Promise<RefreshOutcome> => {
      await markConnectionBroken(tx, connection.id, `${prefix}${message}`);
      return { ok: false, status: "broken", message: `${prefix}${message}` };
    };
    if (stored.refreshToken === undefined) {
      // Without a refresh token, a token that still works is used until it does not.
      if (input.context === undefined && live) {
        return { ok: true, accessToken: stored.accessToken, expiresAt };
      }
      return breakWith(`${name} gave no refresh token, so the access token cannot be renewed`);
    }
    const config = getOAuthClientConfig(connection.connectorId, options.env);
    let tokens: TokenSet;
    try {
      tokens = await refreshTokens(config, stored.refreshToken);
    } catch (error) {
      const failure = classifyTokenFailure(error, config);
      if (!failure.permanent) throw failure.error;
      return breakWith(`${name} refused to refresh the access token: ${failure.message}`);
    }
    await tx.connection.update({
      where: { id: connection.id },
      data: {
        // Providers that do not rotate refresh tokens send none back: keep the old one.
        encryptedCredentials: sealOAuthCredentials(ring, storedFrom(tokens, stored)),
        accessTokenExpiresAt: tokens.expiresAt,
      },
    });
    return { ok: true, accessToken: tokens.accessToken, expiresAt: tokens.expiresAt };
  }, LOCKED_TX);
}

/**
 * Disconnects: the connection becomes `revoked` and its secrets are erased. For builtin
 * OAuth connections the provider is asked to revoke the grant first (RFC 7009) when a
 * revocation URL is known; a refusal is reported, never an obstacle.
 */
export async function revokeConnection(
  prisma: PrismaClient,
  ring: KeyRing,
  input: { connectionId: string; workspaceId: string },
  options: BuiltinOAuthOptions = {},
): Promise<{ revokedAtProvider: boolean; providerMessage?: string }> {
  return prisma.$transaction(async (tx) => {
    const connection = await lockConnection(tx, input.connectionId);
    if (!connection || connection.workspaceId !== input.workspaceId) {
      throw new AppError("not_found", "No such connection in this workspace");
    }
    const outcome =
      connection.backend === "builtin" &&
      connection.authKind === "oauth2" &&
      connection.encryptedCredentials !== null
        ? await revokeAtProvider(ring, connection, options.env)
        : { revokedAtProvider: false };
    await tx.connection.update({
      where: { id: connection.id },
      data: { status: "revoked", encryptedCredentials: null, accessTokenExpiresAt: null },
    });
    return outcome;
  }, LOCKED_TX);
}

async function revokeAtProvider(
  ring: KeyRing,
  connection: Connection,
  env: Env | undefined,
): Promise<{ revokedAtProvider: boolean; providerMessage?: string }> {
  try {
    const config = getOAuthClientConfig(connection.connectorId, env);
    if (config.revocationUrl === null) return { revokedAtProvider: false };
    const stored = openOAuthCredentials(ring, connection.encryptedCredentials);
    // Revoking the refresh token ends the whole grant at most providers (RFC 7009 §2.1).
    if (stored.refreshToken !== undefined) {
      await revokeToken(
        { ...config, revocationUrl: config.revocationUrl },
        stored.refreshToken,
        "refresh_token",
      );
    } else {
      await revokeToken(
        { ...config, revocationUrl: config.revocationUrl },
        stored.accessToken,
        "access_token",
      );
    }
    return { revokedAtProvider: true };
  } catch (error) {
    return {
      revokedAtProvider: false,
      providerMessage: error instanceof Error ? error.message : String(error),
    };
  }
}

async function lockConnection(
  tx: Prisma.TransactionClient,
  id: string,
): Promise<Connection | null> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Connection" WHERE id = ${id} FOR UPDATE`;
  return locked.length === 0 ? null : tx.connection.findUnique({ where: { id } });
}

function storedFrom(tokens: TokenSet, previous?: { refreshToken?: string; scope?: string }) {
  const refreshToken = tokens.refreshToken ?? previous?.refreshToken;
  const scope = tokens.scope ?? previous?.scope;
  return {
    accessToken: tokens.accessToken,
    tokenType: tokens.tokenType,
    ...(refreshToken !== undefined && { refreshToken }),
    ...(scope !== undefined && { scope }),
  };
}

function grantedScopes(tokens: TokenSet, config: OAuthClientConfig): string[] {
  // Providers separate granted scopes with spaces or, like Slack, commas.
  return tokens.scope !== undefined
    ? tokens.scope.split(/[\s,]+/).filter(Boolean)
    : [...config.scopes];
}
