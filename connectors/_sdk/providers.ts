// Nango's provider catalogue (@nangohq/providers): how to authorise against each provider
// and where its API lives. The package parses a ~1 MB YAML file on first use (~150 ms),
// so this module is for tooling, tests and the connections work, not for every action run.
import { getProvider, getProviderScopes } from "@nangohq/providers";
import { z } from "zod";

export interface ProviderInfo {
  /** Nango's key, e.g. "google-mail". */
  key: string;
  displayName: string;
  /** Nango's auth_mode: "OAUTH2", "API_KEY", "BASIC", "OAUTH2_CC", ... */
  authMode: string;
  authorizationUrl?: string;
  tokenUrl?: string;
  /** Nango's proxy base URL; some contain `${connectionConfig.*}` placeholders. */
  apiBaseUrl?: string;
  defaultScopes?: readonly string[];
}

// The package's types come from @nangohq/types, which it does not install: check the
// few fields read here instead of trusting them.
const entrySchema = z.object({
  display_name: z.string(),
  auth_mode: z.string(),
  authorization_url: z.string().optional(),
  // One provider (github-app-oauth) keys its token URLs by auth mode.
  token_url: z.union([z.string(), z.record(z.string(), z.string())]).optional(),
  default_scopes: z.array(z.string()).optional(),
  proxy: z.object({ base_url: z.string().optional() }).optional(),
});

/** The catalogue entry for `key`; throws when Nango has no such provider. */
export function getProviderInfo(key: string): ProviderInfo {
  const raw: unknown = getProvider(key);
  if (raw === null || raw === undefined) throw new Error(`Unknown provider "${key}"`);
  const parsed = entrySchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Provider "${key}" has an unexpected catalogue entry: ${parsed.error.message}`);
  }
  const entry = parsed.data;
  const tokenUrl =
    typeof entry.token_url === "object" ? entry.token_url[entry.auth_mode] : entry.token_url;
  return {
    key,
    displayName: entry.display_name,
    authMode: entry.auth_mode,
    ...(entry.authorization_url !== undefined && { authorizationUrl: entry.authorization_url }),
    ...(tokenUrl !== undefined && { tokenUrl }),
    ...(entry.proxy?.base_url !== undefined && { apiBaseUrl: entry.proxy.base_url }),
    ...(entry.default_scopes !== undefined && { defaultScopes: entry.default_scopes }),
  };
}

export function hasProvider(key: string): boolean {
  return getProvider(key) !== null;
}

/** Every scope Nango knows for `key`, or undefined when it lists none. */
export function getKnownScopes(key: string): readonly string[] | undefined {
  const scopes = getProviderScopes()?.[key];
  return scopes !== undefined && scopes.length > 0 ? scopes : undefined;
}
