// How Switchyard itself (the built-in backend, no Nango) talks OAuth 2.0 to one connector's
// provider. The operator supplies only the client id and secret; URLs and defaults come
// from Nango's provider catalogue, and each URL can be overridden for self-hosted
// providers, the demo world and tests:
//
//   SWITCHYARD_OAUTH_<CONNECTOR_ID>_CLIENT_ID / _CLIENT_SECRET       (required)
//   SWITCHYARD_OAUTH_<CONNECTOR_ID>_AUTHORIZATION_URL / _TOKEN_URL / _REVOCATION_URL
//
// <CONNECTOR_ID> is the connector id in upper snake case: google-sheets -> GOOGLE_SHEETS.
import { getProvider } from "@nangohq/providers";
import { z } from "zod";
import { getProviderInfo, type ProviderInfo } from "../../connectors/_sdk/providers";
import type { ConnectorDefinition } from "../../connectors/_sdk/define";
import { getConnector } from "../../connectors/registry";
import { AppError } from "../errors";
import type { Env } from "./env";

export interface OAuthClientConfig {
  connector: ConnectorDefinition;
  /** Nango catalogue key, e.g. "slack". */
  provider: string;
  clientId: string;
  clientSecret: string;
  /** Expected `iss` in authorization responses (RFC 9207), when the provider sends one. */
  issuer: string;
  authorizationUrl: string;
  tokenUrl: string;
  /** RFC 7009 endpoint; null when none is known (disconnect then only forgets the tokens). */
  revocationUrl: string | null;
  scopes: readonly string[];
  scopeSeparator: string;
  /** Extra query parameters the provider needs, e.g. Google's access_type=offline. */
  authorizationParams: Readonly<Record<string, string>>;
  tokenAuthMethod: "client_secret_basic" | "client_secret_post";
}

export function envPrefix(connectorId: string): string {
  return `SWITCHYARD_OAUTH_${connectorId.toUpperCase().replace(/-/g, "_")}`;
}

const blankIsUnset = (v: unknown) => (v === "" ? undefined : v);
const clientEnvSchema = z.object({
  CLIENT_ID: z.preprocess(blankIsUnset, z.string()),
  CLIENT_SECRET: z.preprocess(blankIsUnset, z.string()),
  AUTHORIZATION_URL: z.preprocess(blankIsUnset, z.url().optional()),
  TOKEN_URL: z.preprocess(blankIsUnset, z.url().optional()),
  REVOCATION_URL: z.preprocess(blankIsUnset, z.url().optional()),
});

// Fields of the catalogue entry that connectors/_sdk/providers.ts does not expose,
// needed to build a request the provider accepts.
const catalogueExtrasSchema = z.object({
  scope_separator: z.string().optional(),
  authorization_params: z.record(z.string(), z.string()).optional(),
  token_request_auth_method: z.string().optional(),
});

// Parameters the flow sets itself; a catalogue value for them would be wrong here.
const RESERVED_PARAMS = new Set([
  "response_type",
  "client_id",
  "redirect_uri",
  "scope",
  "state",
  "code_challenge",
  "code_challenge_method",
]);

/** Whether users can connect `connectorId` through the built-in OAuth backend. */
export function isConfigured(connectorId: string, env: Env = process.env): boolean {
  try {
    getOAuthClientConfig(connectorId, env);
    return true;
  } catch (error) {
    if (error instanceof AppError) return false;
    throw error;
  }
}

/** Throws AppError (not_found, invalid_input) with a message naming what to set. */
export function getOAuthClientConfig(
  connectorId: string,
  env: Env = process.env,
): OAuthClientConfig {
  const connector = getConnector(connectorId);
  if (!connector) throw new AppError("not_found", `No connector "${connectorId}"`);
  if (connector.auth.kind !== "oauth2" || connector.provider === null) {
    throw new AppError("invalid_input", `${connector.displayName} does not connect with OAuth`);
  }
  const prefix = envPrefix(connectorId);
  const raw = Object.fromEntries(
    Object.keys(clientEnvSchema.shape).map((name) => [name, env[`${prefix}_${name}`]]),
  );
  const parsed = clientEnvSchema.safeParse(raw);
  if (!parsed.success) {
    const names = parsed.error.issues.map((issue) => `${prefix}_${issue.path.join(".")}`);
    throw new AppError(
      "invalid_input",
      `${connector.displayName} is not set up on this server: set ${names.join(" and ")} ` +
        "(the OAuth app's client credentials, and valid URLs for any URL override)",
    );
  }
  const overrides = parsed.data;
  // Demo connectors' provider is the local demo OAuth server, not in Nango's
  // catalogue: their URLs always come from the environment (worker/demo/).
  const info: Pick<ProviderInfo, "authMode" | "authorizationUrl" | "tokenUrl" | "defaultScopes"> =
    connector.demo ? { authMode: "OAUTH2" } : getProviderInfo(connector.provider);
  if (info.authMode !== "OAUTH2") {
    throw new AppError(
      "invalid_input",
      `Nango's catalogue says "${connector.provider}" uses ${info.authMode}, not OAuth 2.0 authorization codes`,
    );
  }
  const extras = catalogueExtrasSchema.parse(connector.demo ? {} : getProvider(connector.provider));

  const authorizationUrl = overrides.AUTHORIZATION_URL ?? info.authorizationUrl;
  const tokenUrl = overrides.TOKEN_URL ?? info.tokenUrl;
  if (authorizationUrl === undefined || tokenUrl === undefined) {
    throw new AppError(
      "invalid_input",
      `Nango's catalogue has no OAuth URLs for "${connector.provider}": set ${prefix}_AUTHORIZATION_URL and ${prefix}_TOKEN_URL`,
    );
  }
  // Some catalogue URLs depend on the account (`${connectionConfig.subdomain}`): the
  // built-in flow has no per-account settings yet, so such providers need explicit URLs.
  for (const url of [authorizationUrl, tokenUrl]) {
    if (url.includes("${")) {
      throw new AppError(
        "invalid_input",
        `${connector.displayName}'s OAuth URL depends on per-account settings (${url}), which the built-in ` +
          `OAuth backend does not support yet: set ${prefix}_AUTHORIZATION_URL and ${prefix}_TOKEN_URL, or connect it through Nango`,
      );
    }
  }

  const scopes = new Set([
    ...(info.defaultScopes ?? []),
    ...(connector.auth.scopes ?? []),
    ...connector.actions.flatMap((action) => action.scopes ?? []),
  ]);
  const authorizationParams = Object.fromEntries(
    Object.entries(extras.authorization_params ?? {}).filter(
      ([name, value]) => !RESERVED_PARAMS.has(name) && !value.includes("${"),
    ),
  );
  return {
    connector,
    provider: connector.provider,
    clientId: overrides.CLIENT_ID,
    clientSecret: overrides.CLIENT_SECRET,
    issuer: new URL(authorizationUrl).origin,
    authorizationUrl,
    tokenUrl,
    revocationUrl: overrides.REVOCATION_URL ?? null,
    scopes: [...scopes],
    scopeSeparator: extras.scope_separator ?? " ",
    authorizationParams,
    tokenAuthMethod:
      extras.token_request_auth_method === "basic" ? "client_secret_basic" : "client_secret_post",
  };
}
