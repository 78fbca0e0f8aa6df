// Per-connector OAuth client settings: env + Nango's catalogue (worker/connections/provider-config.ts).
import { describe, expect, it } from "vitest";
import {
  envPrefix,
  getOAuthClientConfig,
  isConfigured,
} from "../../../worker/connections/provider-config";

const client = (prefix: string) => ({
  [`${prefix}_CLIENT_ID`]: "id",
  [`${prefix}_CLIENT_SECRET`]: "secret",
});

describe("OAuth client config", () => {
  it("names variables after the connector id in upper snake case", () => {
    expect(envPrefix("google-sheets")).toBe("SWITCHYARD_OAUTH_GOOGLE_SHEETS");
  });

  it("takes URLs and scopes from Nango's catalogue and the connector's actions", () => {
    const config = getOAuthClientConfig("slack", client("SWITCHYARD_OAUTH_SLACK"));
    expect(config).toMatchObject({
      provider: "slack",
      clientId: "id",
      clientSecret: "secret",
      authorizationUrl: "https://slack.com/oauth/v2/authorize",
      tokenUrl: "https://slack.com/api/oauth.v2.access",
      issuer: "https://slack.com",
      revocationUrl: null,
      scopes: ["chat:write"],
      scopeSeparator: ",",
      tokenAuthMethod: "client_secret_post",
    });
  });

  it("keeps the catalogue's extra authorization parameters and token auth method", () => {
    const gmail = getOAuthClientConfig("gmail", client("SWITCHYARD_OAUTH_GMAIL"));
    expect(gmail.authorizationParams).toEqual({ access_type: "offline", prompt: "consent" });
    const x = getOAuthClientConfig("x", client("SWITCHYARD_OAUTH_X"));
    expect(x.tokenAuthMethod).toBe("client_secret_basic");
    expect(x.scopes).toEqual(expect.arrayContaining(["offline.access", "tweet.write"]));
  });

  it("lets env override every URL", () => {
    const config = getOAuthClientConfig("github", {
      ...client("SWITCHYARD_OAUTH_GITHUB"),
      SWITCHYARD_OAUTH_GITHUB_AUTHORIZATION_URL: "http://127.0.0.1:4000/auth",
      SWITCHYARD_OAUTH_GITHUB_TOKEN_URL: "http://127.0.0.1:4000/token",
      SWITCHYARD_OAUTH_GITHUB_REVOCATION_URL: "http://127.0.0.1:4000/revoke",
    });
    expect(config).toMatchObject({
      issuer: "http://127.0.0.1:4000",
      authorizationUrl: "http://127.0.0.1:4000/auth",
      tokenUrl: "http://127.0.0.1:4000/token",
      revocationUrl: "http://127.0.0.1:4000/revoke",
    });
  });

  it("says which variables are missing or wrong", () => {
    expect(() => getOAuthClientConfig("github", {})).toThrow(
      /set SWITCHYARD_OAUTH_GITHUB_CLIENT_ID and SWITCHYARD_OAUTH_GITHUB_CLIENT_SECRET/,
    );
    expect(() =>
      getOAuthClientConfig("github", {
        ...client("SWITCHYARD_OAUTH_GITHUB"),
        SWITCHYARD_OAUTH_GITHUB_TOKEN_URL: "not a url",
      }),
    ).toThrow(/SWITCHYARD_OAUTH_GITHUB_TOKEN_URL/);
  });

  it("isConfigured: only OAuth connectors with a client id and secret", () => {
    expect(isConfigured("slack", client("SWITCHYARD_OAUTH_SLACK"))).toBe(true);
    expect(isConfigured("slack", {})).toBe(false);
    expect(isConfigured("airtable", client("SWITCHYARD_OAUTH_AIRTABLE"))).toBe(false);
    expect(isConfigured("http", {})).toBe(false);
    expect(isConfigured("no-such-connector", {})).toBe(false);
  });
});
