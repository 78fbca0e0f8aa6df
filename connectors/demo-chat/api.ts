// Demo Chat: Switchyard's own offline chat API (worker/demo/demo-apis.ts). Errors come as
// { error, message } with a meaningful status (401 invalid_token, 404 channel_not_found,
// 422 validation_failed, 429, 503), so the status alone classifies them.
import { z } from "zod";
import type { ProviderApi } from "../_sdk/provider-api";

const errorSchema = z.object({ error: z.string(), message: z.string() });

export const demoChat: ProviderApi = {
  name: "Demo Chat",
  parseError(body) {
    const parsed = errorSchema.safeParse(body);
    return parsed.success ? { message: parsed.data.message } : undefined;
  },
};
