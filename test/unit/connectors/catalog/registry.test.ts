// The catalogue as a whole: keys, Nango providers, auth modes, base URLs, scopes, and
// descriptions for the generated forms.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  getKnownScopes,
  getProviderInfo,
  hasProvider,
} from "../../../../connectors/_sdk/providers";
import { connectors } from "../../../../connectors/registry";

// Demo connectors use Switchyard's own demo OAuth provider, which Nango does not list.
const catalogued = connectors.filter((c) => c.provider !== null && c.demo !== true);
const NANGO_AUTH_MODE = { oauth2: "OAUTH2", api_key: "API_KEY" } as const;
// Connectors whose base URL differs from Nango's proxy base URL, and why.
const BASE_URL_EXCEPTIONS: Record<string, string> = {
  x: "X documents api.x.com; Nango still proxies to api.twitter.com, the same API",
};

const allActions = connectors.flatMap((connector) =>
  connector.actions.map((action) => ({ key: `${connector.id}.${action.key}`, connector, action })),
);

describe("connector registry", () => {
  it("has unique connector ids and unique full action keys", () => {
    const ids = connectors.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const keys = allActions.map((a) => a.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(
      expect.arrayContaining([
        "slack.post_message",
        "github.create_issue",
        "github.comment_on_issue",
        "google-sheets.append_row",
        "gmail.send_email",
        "x.post",
        "facebook-pages.publish_post",
        "notion.create_page",
        "airtable.create_record",
        "discord.send_webhook_message",
        "demo-chat.post_message",
        "demo-tracker.create_issue",
        "demo-tracker.comment_on_issue",
      ]),
    );
  });

  it.each(connectors.filter((c) => c.demo !== true).map((c) => [c.id, c] as const))(
    "%s: provider is in Nango's catalogue, or null exactly when no account is needed",
    (_id, connector) => {
      if (connector.provider === null) {
        expect(connector.auth.kind).toBe("none");
        return;
      }
      expect(hasProvider(connector.provider), connector.provider).toBe(true);
      const info = getProviderInfo(connector.provider);
      expect(connector.auth.kind).not.toBe("none");
      if (connector.auth.kind !== "none")
        expect(info.authMode).toBe(NANGO_AUTH_MODE[connector.auth.kind]);
    },
  );

  it.each(catalogued.map((c) => [c.id, c] as const))(
    "%s: base URL is on the provider's API host",
    (id, connector) => {
      const info = getProviderInfo(connector.provider as string);
      expect(info.apiBaseUrl).toBeDefined();
      if (id in BASE_URL_EXCEPTIONS) return;
      expect(connector.baseUrl?.startsWith(info.apiBaseUrl as string), connector.baseUrl).toBe(
        true,
      );
    },
  );

  it("declares only scopes Nango knows for the provider, where it lists them", () => {
    for (const { key, connector, action } of allActions) {
      const known = connector.provider === null ? undefined : getKnownScopes(connector.provider);
      if (known === undefined) continue;
      for (const scope of action.scopes ?? []) expect(known, `${key}: ${scope}`).toContain(scope);
    }
  });

  it.each(allActions.map((a) => [a.key, a.action] as const))(
    "%s: every input and output field has a description",
    (_key, action) => {
      for (const [name, field] of Object.entries(action.input.shape)) {
        expect(field.description, `input ${name}`).toBeTruthy();
      }
      if (action.output instanceof z.ZodObject) {
        for (const [name, field] of Object.entries(
          action.output.shape as Record<string, z.ZodType>,
        )) {
          expect(field.description, `output ${name}`).toBeTruthy();
        }
      }
    },
  );

  it.each(connectors.filter((c) => c.demo === true).map((c) => [c.id, c] as const))(
    "%s: a demo connector uses the demo OAuth provider and a placeholder loopback base URL",
    (_id, connector) => {
      expect(connector.provider).toBe("switchyard-demo");
      expect(hasProvider("switchyard-demo")).toBe(false);
      expect(connector.auth.kind).toBe("oauth2");
      expect(connector.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    },
  );

  it("sends no idempotency header to providers that do not honour one", () => {
    for (const { connector, action } of allActions) {
      // The demo APIs honour Idempotency-Key: their connectors send the default header.
      if (connector.demo === true) {
        expect(action.idempotencyHeader, connector.id).toBeUndefined();
      } else if (connector.provider !== null || connector.id === "discord") {
        expect(action.idempotencyHeader, connector.id).toBeNull();
      }
    }
  });
});

describe("getProviderInfo", () => {
  it("reads URLs, auth mode and default scopes from Nango's catalogue", () => {
    expect(getProviderInfo("twitter-v2")).toEqual({
      key: "twitter-v2",
      displayName: "Twitter (v2)",
      authMode: "OAUTH2",
      authorizationUrl: "https://x.com/i/oauth2/authorize",
      tokenUrl: "https://api.twitter.com/2/oauth2/token",
      apiBaseUrl: "https://api.twitter.com",
      defaultScopes: ["offline.access"],
    });
  });

  it("resolves aliases (google-mail builds on google) and API-key providers", () => {
    expect(getProviderInfo("google-mail")).toMatchObject({
      displayName: "Gmail",
      authMode: "OAUTH2",
      authorizationUrl: "https://accounts.google.com/o/oauth2/v2/auth",
      apiBaseUrl: "https://gmail.googleapis.com",
    });
    const airtable = getProviderInfo("airtable-pat");
    expect(airtable).toMatchObject({ authMode: "API_KEY", apiBaseUrl: "https://api.airtable.com" });
    expect(airtable.tokenUrl).toBeUndefined();
  });

  it("throws for an unknown provider", () => {
    expect(hasProvider("no-such-provider")).toBe(false);
    expect(() => getProviderInfo("no-such-provider")).toThrow(
      /Unknown provider "no-such-provider"/,
    );
  });
});
