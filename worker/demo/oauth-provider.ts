// A real OAuth 2.0 authorization server on 127.0.0.1, built on oidc-provider: the tests'
// and the demo world's stand-in for Slack, GitHub and the like. Authorization code with
// PKCE, refresh tokens (rotated on every use, as strict providers do), RFC 7009
// revocation and RFC 7662 introspection. Its login and consent pages are our own
// (oauth-interactions.ts): any login and password sign in, "Continue" consents.
//
//   const provider = await startOAuthProvider({ clients: [{ clientId, clientSecret, redirectUris }] });
//   // point SWITCHYARD_OAUTH_<CONNECTOR>_AUTHORIZATION_URL / _TOKEN_URL / _REVOCATION_URL at it
//   await provider.introspect(accessToken)   // what a resource server checks
//   await provider.revokeGrantsFor(clientId) // the user "removes the app": refresh now fails
//
// State lives in memory: a restart forgets every token.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Account, type ClientMetadata, type Configuration } from "oidc-provider";
import { errorPage, handleInteraction, interactionPath } from "./oauth-interactions";

export interface OAuthProviderClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** How the client authenticates at the token endpoint; default client_secret_post, as most providers expect. */
  tokenEndpointAuthMethod?: "client_secret_post" | "client_secret_basic";
}

export interface StartOAuthProviderOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  clients: OAuthProviderClient[];
  /** Default 3600. */
  accessTokenTtlSeconds?: number;
  /** Scopes clients may ask for, beyond openid and offline_access. */
  scopes?: string[];
}

export type TokenIntrospection =
  | { active: false }
  | { active: true; clientId: string; accountId: string; scope: string; expiresAt: Date };

export interface RunningOAuthProvider {
  /** http://127.0.0.1:<port>, also the `iss` of authorization responses. */
  issuer: string;
  authorizationUrl: string;
  tokenUrl: string;
  revocationUrl: string;
  /** RFC 7662; callers authenticate as one of the clients. */
  introspectionUrl: string;
  /** In-process check of an access token: active unless unknown, expired or revoked. */
  introspect(token: string): Promise<TokenIntrospection>;
  /** Revokes every grant (with its access and refresh tokens) of `clientId`, or of all clients; returns how many. */
  revokeGrantsFor(clientId?: string): Promise<number>;
  close(): Promise<void>;
}

const DAY = 24 * 60 * 60;

export async function startOAuthProvider(
  options: StartOAuthProviderOptions,
): Promise<RunningOAuthProvider> {
  // The issuer must name the port, so listen first and attach the handler after.
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, configuration(options));

  // Grants are the unit a user revokes; remember which client each belongs to.
  const grants = new Map<string, string>();
  provider.on("grant.saved", (grant) => grants.set(grant.jti, grant.clientId));
  provider.on("server_error", (_ctx, error) => console.error("[oauth-provider]", error));
  const callback = provider.callback();
  server.on("request", (req, res) => {
    void handleInteraction(provider, req, res).then((handled) => {
      if (!handled) callback(req, res);
    });
  });

  return {
    issuer,
    authorizationUrl: `${issuer}/auth`,
    tokenUrl: `${issuer}/token`,
    revocationUrl: `${issuer}/token/revocation`,
    introspectionUrl: `${issuer}/token/introspection`,

    async introspect(token) {
      const found = await provider.AccessToken.find(token);
      if (!found) return { active: false };
      return {
        active: true,
        clientId: found.clientId,
        accountId: found.accountId,
        scope: found.scope ?? "",
        expiresAt: new Date(found.exp * 1000),
      };
    },

    async revokeGrantsFor(clientId) {
      const revoked = [...grants].filter(
        ([, owner]) => clientId === undefined || owner === clientId,
      );
      for (const [grantId] of revoked) {
        // What oidc-provider itself does when a refresh token is revoked (helpers/revoke.js).
        await Promise.all([
          provider.AccessToken.revokeByGrantId(grantId),
          provider.RefreshToken.revokeByGrantId(grantId),
          provider.AuthorizationCode.revokeByGrantId(grantId),
          provider.Grant.adapter.destroy(grantId),
        ]);
        grants.delete(grantId);
      }
      return revoked.length;
    },

    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function configuration(options: StartOAuthProviderOptions): Configuration {
  const clients: ClientMetadata[] = options.clients.map((client) => ({
    client_id: client.clientId,
    client_secret: client.clientSecret,
    redirect_uris: client.redirectUris,
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    token_endpoint_auth_method: client.tokenEndpointAuthMethod ?? "client_secret_post",
  }));
  return {
    clients,
    interactions: { url: async (_ctx, interaction) => interactionPath(interaction.uid) },
    renderError: async (ctx, out) => {
      ctx.type = "html";
      ctx.body = errorPage(out);
    },
    scopes: ["openid", "offline_access", ...(options.scopes ?? [])],
    features: {
      devInteractions: { enabled: false },
      revocation: {
        enabled: true,
        allowedPolicy: async (
          _ctx: unknown,
          client: { clientId: string },
          token: { clientId: string },
        ) => token.clientId === client.clientId,
      },
      introspection: {
        enabled: true,
        // Resource servers authenticate as a confidential client and may check any token.
        allowedPolicy: async (_ctx: unknown, client: { clientAuthMethod: string }) =>
          client.clientAuthMethod !== "none",
      },
    },
    // Like most SaaS providers (and unlike OpenID Connect's default), a refresh token comes
    // with every authorization-code grant, without asking for offline_access, and outlives
    // the browser session.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    expiresWithSession: async () => false,
    rotateRefreshToken: true,
    ttl: {
      AccessToken: options.accessTokenTtlSeconds ?? 3600,
      AuthorizationCode: 60,
      RefreshToken: 30 * DAY,
      Grant: 30 * DAY,
      Session: DAY,
      Interaction: 60 * 60,
      IdToken: 3600,
    },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    findAccount: async (_ctx, id): Promise<Account> => ({
      accountId: id,
      claims: async () => ({ sub: id }),
    }),
    pkce: { required: () => true },
    clientBasedCORS: () => false,
  };
}
