import { randomBytes } from "node:crypto";
import type { PrismaClient } from "../../prisma/client";
import { encryptSecret, type KeyRing } from "../connections/crypto";
import { AppError } from "../errors";

/**
 * A new signing secret in Standard Webhooks' form (whsec_ + base64 of 24 random bytes);
 * GitHub takes any string, so the same form serves both schemes.
 */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/**
 * Sets (a given or a generated secret) or removes (null) the automation's webhook signing
 * secret, stored encrypted. Returns the secret: the only time it is shown. Intake uses it
 * from the moment this commits (its cache is told, migration 20261203184812).
 */
export async function setWebhookSecret(
  prisma: PrismaClient,
  ring: KeyRing,
  automationId: string,
  secret: string | null,
): Promise<string | null> {
  const updated = await prisma.automation.updateMany({
    where: { id: automationId },
    data: { webhookSecret: secret === null ? null : encryptSecret(ring, secret) },
  });
  if (updated.count === 0) throw new AppError("not_found", "No such automation");
  return secret;
}
