// Slack's Web API answers HTTP 200 with { ok: false, error } on failure, so the body, not
// the status, says what went wrong. https://api.slack.com/web#evaluating_responses
import { z } from "zod";
import type { ActionContext } from "../_sdk/define";
import { callApi, providerError, type ProviderApi, type ProviderError } from "../_sdk/provider-api";

// The credential itself is gone: the connection must be repaired.
const AUTH_ERRORS = new Set([
  "invalid_auth",
  "not_authed",
  "token_revoked",
  "token_expired",
  "account_inactive",
]);
// Slack's own documented transient failures.
const UNAVAILABLE_ERRORS = new Set([
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
]);

const failureSchema = z.object({ ok: z.literal(false), error: z.string() });

function slackError(code: string): ProviderError {
  if (AUTH_ERRORS.has(code)) return { message: code, kind: "auth" };
  if (code === "ratelimited") return { message: code, kind: "rate_limit" };
  if (UNAVAILABLE_ERRORS.has(code)) return { message: code, kind: "unavailable" };
  return { message: code, kind: "permanent" };
}

export const slack: ProviderApi = {
  name: "Slack",
  // JSON bodies without a charset get a "missing_charset" warning.
  headers: { "content-type": "application/json; charset=utf-8" },
  parseError(body) {
    const parsed = failureSchema.safeParse(body);
    return parsed.success ? slackError(parsed.data.error) : undefined;
  },
};

/** Calls a Web API method with a JSON body; `success` is the method's `ok: true` shape. */
export async function callSlack<S extends z.ZodType<{ ok: true }>>(
  ctx: ActionContext,
  method: string,
  json: Record<string, unknown>,
  success: S,
): Promise<z.output<S>> {
  const body = await callApi(
    ctx.http,
    slack,
    { method: "POST", url: method, json },
    z.union([success, failureSchema]),
  );
  if (body.ok === false) throw providerError(slack, 200, slackError(body.error));
  return body as z.output<S>;
}
