// The error body every Google API sends, shared with the Gmail connector.
// https://cloud.google.com/apis/design/errors#http_mapping
import { z } from "zod";
import type { ProviderApi } from "../_sdk/provider-api";

const errorSchema = z.object({
  error: z.object({
    message: z.string(),
    status: z.string().optional(),
    errors: z.array(z.object({ reason: z.string().optional() })).optional(),
  }),
});

// Gmail and older APIs report per-user quotas as 403 with one of these reasons.
// https://developers.google.com/workspace/gmail/api/guides/handle-errors#exceeded-rate-limit
const RATE_LIMIT_REASONS = new Set(["rateLimitExceeded", "userRateLimitExceeded"]);

export function googleApi(name: string): ProviderApi {
  return {
    name,
    parseError(body) {
      const parsed = errorSchema.safeParse(body);
      if (!parsed.success) return undefined;
      const { message, status, errors = [] } = parsed.data.error;
      const limited =
        status === "RESOURCE_EXHAUSTED" ||
        errors.some((e) => e.reason !== undefined && RATE_LIMIT_REASONS.has(e.reason));
      return { message, kind: limited ? "rate_limit" : undefined };
    },
  };
}
