// The JSON a connection keeps encrypted in Connection.encryptedCredentials, one shape per
// auth kind. Parsed on the way out so a row written by an older version fails loudly.
import { z } from "zod";
import { decryptSecret, encryptSecret, type KeyRing } from "./crypto";

const oauthCredentialsSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  tokenType: z.string(),
  scope: z.string().optional(),
});
export type StoredOAuthCredentials = z.infer<typeof oauthCredentialsSchema>;

const apiKeyCredentialsSchema = z.object({ apiKey: z.string().min(1) });

export function sealOAuthCredentials(ring: KeyRing, credentials: StoredOAuthCredentials): string {
  return encryptSecret(ring, JSON.stringify(oauthCredentialsSchema.parse(credentials)));
}

export function openOAuthCredentials(ring: KeyRing, blob: string | null): StoredOAuthCredentials {
  if (blob === null) throw new Error("This OAuth connection has no stored credentials");
  return oauthCredentialsSchema.parse(JSON.parse(decryptSecret(ring, blob)));
}

export function sealApiKey(ring: KeyRing, apiKey: string): string {
  return encryptSecret(ring, JSON.stringify(apiKeyCredentialsSchema.parse({ apiKey })));
}

export function openApiKey(ring: KeyRing, blob: string | null): string {
  if (blob === null) throw new Error("This API-key connection has no stored key");
  return apiKeyCredentialsSchema.parse(JSON.parse(decryptSecret(ring, blob))).apiKey;
}
