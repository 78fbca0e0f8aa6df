import { randomBytes } from "node:crypto";
import { envPrefix } from "../connections/provider-config";
import { DEMO_SCOPES, demoConnectorBaseUrls, startDemoApis } from "./demo-apis";
import { startOAuthProvider } from "./oauth-provider";

export interface DemoWorld {
  /** The demo APIs' home page: what automations posted. */
  apisUrl: string;
  issuer: string;
  /** Settings the web app and workers need to use the demo world. */
  env: Record<string, string>;
  /** Revokes every grant made at the demo provider (as a user removing the app would). */
  revokeGrants(): Promise<number>;
  close(): Promise<void>;
}

const DEMO_CONNECTORS = ["demo-chat", "demo-tracker"] as const;
const CLIENT_ID = "switchyard-demo";

/**
 * The demo world for a machine with no credentials: a real OAuth 2.0
 * authorization server and two small SaaS APIs (Demo Chat, Demo Tracker) on
 * loopback, so a new user can connect accounts and run automations offline.
 */
export async function startDemoWorld(options: {
  webOrigin: string;
  apisPort?: number;
  oauthPort?: number;
  /** Short lifetimes show refreshing (tests); default one hour. */
  accessTokenTtlSeconds?: number;
  baseEnv?: Readonly<Record<string, string | undefined>>;
}): Promise<DemoWorld> {
  const clientSecret = randomBytes(24).toString("base64url");
  const provider = await startOAuthProvider({
    port: options.oauthPort ?? 0,
    clients: [
      {
        clientId: CLIENT_ID,
        clientSecret,
        redirectUris: [`${options.webOrigin}/api/oauth/callback`],
      },
    ],
    scopes: [...DEMO_SCOPES],
    accessTokenTtlSeconds: options.accessTokenTtlSeconds,
  });
  const apis = await startDemoApis({
    port: options.apisPort ?? 0,
    validateToken: async (token) => {
      const info = await provider.introspect(token);
      return info.active
        ? { active: true, subject: info.accountId, scope: info.scope }
        : { active: false };
    },
  }).catch(async (err: unknown) => {
    await provider.close();
    throw err;
  });

  const env: Record<string, string> = {
    // The Connections page links the demo apps and switches their faults here.
    SWITCHYARD_DEMO_APIS_URL: apis.url,
    // The demo services live on loopback, which actions may not reach otherwise.
    SWITCHYARD_ALLOW_PRIVATE_NETWORK: "true",
    SWITCHYARD_CONNECTOR_BASE_URLS: JSON.stringify({
      ...JSON.parse(options.baseEnv?.SWITCHYARD_CONNECTOR_BASE_URLS ?? "{}"),
      ...demoConnectorBaseUrls(apis.url),
    }),
  };
  for (const connectorId of DEMO_CONNECTORS) {
    const prefix = envPrefix(connectorId);
    env[`${prefix}_CLIENT_ID`] = CLIENT_ID;
    env[`${prefix}_CLIENT_SECRET`] = clientSecret;
    env[`${prefix}_AUTHORIZATION_URL`] = provider.authorizationUrl;
    env[`${prefix}_TOKEN_URL`] = provider.tokenUrl;
    env[`${prefix}_REVOCATION_URL`] = provider.revocationUrl;
  }
  return {
    apisUrl: apis.url,
    issuer: provider.issuer,
    env,
    revokeGrants: () => provider.revokeGrantsFor(),
    async close() {
      await Promise.allSettled([apis.close(), provider.close()]);
    },
  };
}
