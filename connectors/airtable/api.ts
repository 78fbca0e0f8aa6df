// Airtable Web API errors: { error: { type, message } }, { error: "NOT_FOUND" }, or for
// rate limits { errors: [{ error, message }] }.
// https://airtable.com/developers/web/api/errors
import { z } from "zod";
import type { ProviderApi } from "../_sdk/provider-api";

const errorSchema = z.union([
  z.object({ error: z.object({ type: z.string(), message: z.string().optional() }) }),
  z.object({ error: z.string() }),
  z.object({
    errors: z.array(z.object({ error: z.string(), message: z.string().optional() })).min(1),
  }),
]);

export const airtable: ProviderApi = {
  name: "Airtable",
  parseError(body) {
    const parsed = errorSchema.safeParse(body);
    if (!parsed.success) return undefined;
    const data = parsed.data;
    if ("errors" in data) {
      return { message: data.errors.map((e) => e.message ?? e.error).join("; ") };
    }
    if (typeof data.error === "string") return { message: data.error };
    const { type, message } = data.error;
    return { message: message === undefined ? type : `${message} (${type})` };
  },
};
