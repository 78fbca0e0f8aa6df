// Discord API errors: { code, message }, with per-field `_errors` for an invalid body.
// https://discord.com/developers/docs/reference#error-messages
import { z } from "zod";
import { joinMessages, type ProviderApi } from "../_sdk/provider-api";

const errorSchema = z.object({
  message: z.string(),
  code: z.number().int().optional(),
  errors: z.record(z.string(), z.unknown()).optional(),
});

const fieldErrorsSchema = z.object({ _errors: z.array(z.object({ message: z.string() })) });

// 50027 "Invalid Webhook Token" comes as 401, but there is no connection to repair: the
// webhook URL in the step's input is wrong.
const INVALID_WEBHOOK_TOKEN = 50027;

export const discord: ProviderApi = {
  name: "Discord",
  parseError(body) {
    const parsed = errorSchema.safeParse(body);
    if (!parsed.success) return undefined;
    const { message, code, errors } = parsed.data;
    const details = errors === undefined ? [] : fieldErrors(errors, "");
    return {
      message: joinMessages(message, details.join("; ")),
      kind: code === INVALID_WEBHOOK_TOKEN ? "permanent" : undefined,
    };
  },
};

/** "embeds.0.title: Must be 256 or fewer in length." for each nested `_errors` entry. */
function fieldErrors(tree: Record<string, unknown>, path: string): string[] {
  return Object.entries(tree).flatMap(([key, value]) => {
    const here = path === "" ? key : `${path}.${key}`;
    const leaf = fieldErrorsSchema.safeParse(value);
    if (leaf.success) return leaf.data._errors.map((e) => `${here}: ${e.message}`);
    return typeof value === "object" && value !== null
      ? fieldErrors(value as Record<string, unknown>, here)
      : [];
  });
}

// https://discord.com/developers/docs/resources/webhook#execute-webhook
const WEBHOOK_URL =
  /^https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api\/(?:v\d+\/)?webhooks\/(\d+)\/([\w-]+)\/?$/;

export const webhookUrlField = z
  .string()
  .regex(WEBHOOK_URL, "a Discord webhook URL, https://discord.com/api/webhooks/<id>/<token>")
  .describe("Webhook URL from the channel's settings (Integrations → Webhooks → Copy URL)");

/** The API path of a webhook, so that requests always go to Discord's API base URL. */
export function webhookPath(url: string): string {
  const [, id = "", token = ""] = WEBHOOK_URL.exec(url) ?? [];
  return `/webhooks/${id}/${token}`;
}
