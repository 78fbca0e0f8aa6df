// Graph API errors: the code in the body, not the HTTP status (often 400), says whether the
// token is dead or the app is throttled.
// https://developers.facebook.com/docs/graph-api/guides/error-handling
import { z } from "zod";
import type { ProviderApi, ProviderError } from "../_sdk/provider-api";

export const GRAPH_VERSION = "v23.0";

const errorSchema = z.object({
  error: z.object({
    message: z.string(),
    code: z.number().int().optional(),
    is_transient: z.boolean().optional(),
  }),
});

// 190: access token expired or revoked; 102: session invalid.
const AUTH_CODES = new Set([102, 190]);
// 4, 17, 32, 613: app, user, page and custom rate limits; 80001: Pages business-use-case limit.
// https://developers.facebook.com/docs/graph-api/overview/rate-limiting
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80001]);
// 1 (unknown) and 2 (service) are documented as temporary.
const UNAVAILABLE_CODES = new Set([1, 2]);

function kindOf(code: number | undefined, transient: boolean): ProviderError["kind"] {
  if (code !== undefined && AUTH_CODES.has(code)) return "auth";
  if (code !== undefined && RATE_LIMIT_CODES.has(code)) return "rate_limit";
  if (transient || (code !== undefined && UNAVAILABLE_CODES.has(code))) return "unavailable";
  return undefined;
}

export const facebook: ProviderApi = {
  name: "Facebook",
  parseError(body) {
    const parsed = errorSchema.safeParse(body);
    if (!parsed.success) return undefined;
    const { message, code, is_transient = false } = parsed.data.error;
    return { message, kind: kindOf(code, is_transient) };
  },
};
