import { z } from "zod";
import { joinMessages, type ProviderApi } from "../_sdk/provider-api";

// Problem details, sometimes with per-parameter errors.
// https://docs.x.com/x-api/fundamentals/response-codes-and-errors
const errorSchema = z.object({
  title: z.string().optional(),
  detail: z.string().optional(),
  errors: z.array(z.object({ message: z.string() })).optional(),
});

export const x: ProviderApi = {
  name: "X",
  parseError(body) {
    const parsed = errorSchema.safeParse(body);
    if (!parsed.success) return undefined;
    const { title, detail, errors = [] } = parsed.data;
    const message = joinMessages(detail ?? title, errors.map((e) => e.message).join("; "));
    return message === "" ? undefined : { message };
  },
};
