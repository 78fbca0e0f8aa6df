// Connections as the built-in backend leaves them after an OAuth callback, without running
// the authorization flow: for tests that need a connected account, not the flow itself.
// API keys go through the product's own createApiKeyConnection.
import { getProviderInfo } from "../../connectors/_sdk/providers";
import { getConnector } from "../../connectors/registry";
import type { PrismaClient } from "../../prisma/client";
import { createApiKeyConnection } from "../../worker/connections/api-key";
import type { KeyRing } from "../../worker/connections/crypto";
import { sealOAuthCredentials } from "../../worker/connections/stored-credentials";

export interface SeedOAuthConnection {
  workspaceId: string;
  ownerId: string;
  connectorId: string;
  accessToken: string;
  /** Omitted: the provider gave none, so a refused token cannot be renewed. */
  refreshToken?: string;
  /** Omitted (null): the token does not expire. */
  expiresAt?: Date | null;
  /** The token response's `scope`; omitted: the scopes the backend asks for. */
  scope?: string;
  /** Default "<Connector> (yyyy-mm-dd)", as the backend names a new connection. */
  label?: string;
}

/**
 * A `connected` builtin OAuth 2.0 connection, its tokens encrypted under `ring` in the
 * stored-credentials shape, like completeAuthorization writes it; returns its id.
 */
export async function seedOAuthConnection(
  prisma: PrismaClient,
  ring: KeyRing,
  input: SeedOAuthConnection,
): Promise<string> {
  const connector = getConnector(input.connectorId);
  if (!connector) throw new Error(`No connector "${input.connectorId}"`);
  if (connector.auth.kind !== "oauth2" || connector.provider === null) {
    throw new Error(`${connector.displayName} does not connect with OAuth`);
  }
  const credentials = sealOAuthCredentials(ring, {
    accessToken: input.accessToken,
    tokenType: "bearer",
    ...(input.refreshToken !== undefined && { refreshToken: input.refreshToken }),
    ...(input.scope !== undefined && { scope: input.scope }),
  });
  const created = await prisma.connection.create({
    data: {
      workspaceId: input.workspaceId,
      ownerId: input.ownerId,
      connectorId: connector.id,
      provider: connector.provider,
      backend: "builtin",
      authKind: "oauth2",
      status: "connected",
      label: input.label ?? `${connector.displayName} (${new Date().toISOString().slice(0, 10)})`,
      encryptedCredentials: credentials,
      accessTokenExpiresAt: input.expiresAt ?? null,
      scopes:
        input.scope !== undefined
          ? input.scope.split(/[\s,]+/).filter(Boolean)
          : requestedScopes(connector.id),
    },
  });
  return created.id;
}

/** An API-key connection through the product's own path; returns its id. */
export async function seedApiKeyConnection(
  prisma: PrismaClient,
  ring: KeyRing,
  input: {
    workspaceId: string;
    ownerId: string;
    connectorId: string;
    apiKey: string;
    label?: string;
  },
): Promise<string> {
  const { connectionId } = await createApiKeyConnection(prisma, ring, {
    ...input,
    label: input.label ?? "",
  });
  return connectionId;
}

/**
 * What the built-in backend records when the token response names no scopes: the
 * provider's default scopes, the connector's and every action's (provider-config.ts).
 */
function requestedScopes(connectorId: string): string[] {
  const connector = getConnector(connectorId);
  if (!connector || connector.auth.kind !== "oauth2" || connector.provider === null) return [];
  const defaults = connector.demo ? [] : (getProviderInfo(connector.provider).defaultScopes ?? []);
  return [
    ...new Set([
      ...defaults,
      ...(connector.auth.scopes ?? []),
      ...connector.actions.flatMap((action) => action.scopes ?? []),
    ]),
  ];
}
