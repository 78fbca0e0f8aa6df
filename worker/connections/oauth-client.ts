// The OAuth 2.0 client side of the built-in backend, on oauth4webapi: the authorization
// URL (with PKCE), the callback check, and the token, refresh and revocation requests.
// No database here; builtin-oauth.ts decides what to store.
import * as oauth from "oauth4webapi";
import { ConnectorError } from "../../connectors/_sdk/errors";
import { AppError } from "../errors";
import type { OAuthClientConfig } from "./provider-config";

export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  tokenType: string;
  scope?: string;
  /** null when the provider did not say (the token lasts until revoked). */
  expiresAt: Date | null;
}

/** A token endpoint failure: `permanent` ones mean the grant is gone (reconnect needed). */
export type TokenFailure =
  { permanent: true; message: string } | { permanent: false; error: ConnectorError };

const REQUEST_TIMEOUT_MS = 15_000;
const LOOPBACK_HOSTS = new Set(["localhost", "[::1]"]);

function isLoopback(url: string): boolean {
  const { hostname } = new URL(url);
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

function authorizationServer(config: OAuthClientConfig): oauth.AuthorizationServer {
  return {
    issuer: config.issuer,
    authorization_endpoint: config.authorizationUrl,
    token_endpoint: config.tokenUrl,
    ...(config.revocationUrl !== null && { revocation_endpoint: config.revocationUrl }),
  };
}

function clientAuth(config: OAuthClientConfig): oauth.ClientAuth {
  return config.tokenAuthMethod === "client_secret_basic"
    ? oauth.ClientSecretBasic(config.clientSecret)
    : oauth.ClientSecretPost(config.clientSecret);
}

// oauth4webapi refuses plain http; that is right for providers on the internet, and only
// loopback (tests, the demo provider) may use it.
function requestOptions(url: string) {
  return {
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    [oauth.allowInsecureRequests]: isLoopback(url),
  };
}

function toTokenSet(response: oauth.TokenEndpointResponse): TokenSet {
  return {
    accessToken: response.access_token,
    ...(response.refresh_token !== undefined && { refreshToken: response.refresh_token }),
    tokenType: response.token_type,
    ...(response.scope !== undefined && { scope: response.scope }),
    expiresAt:
      response.expires_in === undefined ? null : new Date(Date.now() + response.expires_in * 1000),
  };
}

export async function buildAuthorizationUrl(
  config: OAuthClientConfig,
  input: { redirectUri: string; state: string; codeVerifier: string },
): Promise<URL> {
  const url = new URL(config.authorizationUrl);
  for (const [name, value] of Object.entries(config.authorizationParams)) {
    url.searchParams.set(name, value);
  }
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", config.clientId);
  url.searchParams.set("redirect_uri", input.redirectUri);
  if (config.scopes.length > 0)
    url.searchParams.set("scope", config.scopes.join(config.scopeSeparator));
  url.searchParams.set("state", input.state);
  // PKCE always: servers that do not know it ignore the parameters (RFC 6749 §3.1).
  url.searchParams.set(
    "code_challenge",
    await oauth.calculatePKCECodeChallenge(input.codeVerifier),
  );
  url.searchParams.set("code_challenge_method", "S256");
  return url;
}

/** Exchanges the callback's code; throws AppError when the provider said no. */
export async function exchangeCode(
  config: OAuthClientConfig,
  callback: URLSearchParams,
  expectedState: string,
  redirectUri: string,
  codeVerifier: string,
): Promise<TokenSet> {
  const as = authorizationServer(config);
  const client = { client_id: config.clientId };
  const name = config.connector.displayName;
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(as, client, callback, expectedState);
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError) {
      const why = error.error_description
        ? `${error.error}: ${error.error_description}`
        : error.error;
      throw new AppError("invalid_input", `${name} did not authorize the connection (${why})`);
    }
    if (error instanceof oauth.OperationProcessingError) {
      throw new AppError(
        "invalid_input",
        `${name}'s answer could not be accepted: ${error.message}`,
      );
    }
    throw error;
  }
  try {
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      clientAuth(config),
      params,
      redirectUri,
      codeVerifier,
      requestOptions(config.tokenUrl),
    );
    return toTokenSet(await oauth.processAuthorizationCodeResponse(as, client, response));
  } catch (error) {
    const failure = classifyTokenFailure(error, config);
    if (failure.permanent) {
      throw new AppError(
        "invalid_input",
        `${name} refused the authorization code: ${failure.message}`,
      );
    }
    throw failure.error;
  }
}

/** Throws a TokenFailure-classified error; see classifyTokenFailure. */
export async function refreshTokens(
  config: OAuthClientConfig,
  refreshToken: string,
): Promise<TokenSet> {
  const as = authorizationServer(config);
  const client = { client_id: config.clientId };
  const response = await oauth.refreshTokenGrantRequest(
    as,
    client,
    clientAuth(config),
    refreshToken,
    requestOptions(config.tokenUrl),
  );
  return toTokenSet(await oauth.processRefreshTokenResponse(as, client, response));
}

/** RFC 7009 revocation; throws when the provider refuses or cannot be reached. */
export async function revokeToken(
  config: OAuthClientConfig & { revocationUrl: string },
  token: string,
  hint: "access_token" | "refresh_token",
): Promise<void> {
  const response = await oauth.revocationRequest(
    authorizationServer(config),
    { client_id: config.clientId },
    clientAuth(config),
    token,
    { ...requestOptions(config.revocationUrl), additionalParameters: { token_type_hint: hint } },
  );
  await oauth.processRevocationResponse(response);
}

const isRetryableStatus = (status: number) => status >= 500 || status === 408 || status === 429;

/**
 * Splits token endpoint errors into permanent ones (the provider answered and refused:
 * invalid_grant, revoked, bad client) and transient ones (unreachable, 5xx, 429), which
 * come back as a retryable ConnectorError. Anything else is a bug and is rethrown.
 */
export function classifyTokenFailure(error: unknown, config: OAuthClientConfig): TokenFailure {
  const host = new URL(config.tokenUrl).host;
  const httpFailure = (status: number, message: string): TokenFailure =>
    isRetryableStatus(status)
      ? { permanent: false, error: ConnectorError.fromHttpStatus(status, `${host}: ${message}`) }
      : { permanent: true, message };
  if (error instanceof oauth.ResponseBodyError) {
    const why = error.error_description
      ? `${error.error} (${error.error_description})`
      : error.error;
    return httpFailure(error.status, why);
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    const challenge = error.cause[0]?.parameters;
    const why = challenge?.error_description ?? challenge?.error ?? "the client was not accepted";
    return httpFailure(error.status, `HTTP ${error.status}: ${why}`);
  }
  if (error instanceof oauth.OperationProcessingError && error.cause instanceof Response) {
    return httpFailure(
      error.cause.status,
      `unexpected HTTP ${error.cause.status} from the token endpoint`,
    );
  }
  if (
    error instanceof oauth.OperationProcessingError ||
    error instanceof oauth.UnsupportedOperationError
  ) {
    return { permanent: true, message: error.message };
  }
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return { permanent: false, error: ConnectorError.timeout(REQUEST_TIMEOUT_MS) };
  }
  // fetch() reports an unreachable host as a bare TypeError; oauth4webapi's own argument
  // errors are TypeErrors too, but carry a code.
  if (error instanceof TypeError && !("code" in error)) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return {
      permanent: false,
      error: ConnectorError.network(`Could not reach ${host}${cause}`, error),
    };
  }
  throw error;
}
