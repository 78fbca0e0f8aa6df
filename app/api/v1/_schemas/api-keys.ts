import { z } from "zod";
import { isoDate } from "./common";

export const apiKeyParams = z.object({ keyId: z.string().min(1) });

export const createApiKeyBody = z.object({ name: z.string().trim().min(1).max(100) });

export const createdApiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    createdAt: isoDate,
    key: z.string().meta({ description: "The key (sy_…): shown this once, never again" }),
  })
  .meta({ id: "CreatedApiKey" });

export const apiKeySummary = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    createdAt: isoDate,
    lastUsedAt: isoDate.nullable(),
    revokedAt: isoDate.nullable(),
  })
  .meta({ id: "ApiKey" });

export const apiKeyList = z.object({ apiKeys: z.array(apiKeySummary) });

export const revokedApiKey = z.object({ id: z.string(), revokedAt: isoDate });
