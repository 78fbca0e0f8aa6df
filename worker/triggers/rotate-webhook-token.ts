import { randomBytes } from "node:crypto";
import type { Prisma, PrismaClient } from "../../prisma/client";
import { AppError } from "../errors";

/** 192 bits, URL-safe: the token is the only secret in an unsigned webhook's URL. */
export function newWebhookToken(): string {
  return randomBytes(24).toString("base64url");
}

/**
 * Replaces the automation's webhook token; the old URL answers 404 from the moment this
 * commits. Returns the new token (the URL is /hooks/<token>).
 */
export async function rotateWebhookToken(
  prisma: PrismaClient,
  automationId: string,
): Promise<string> {
  const token = newWebhookToken();
  const updated = await prisma.automation.updateMany({
    where: { id: automationId },
    data: { webhookToken: token },
  });
  if (updated.count === 0) throw new AppError("not_found", "No such automation");
  return token;
}

/** Gives the automation a webhook token if it has none yet (on saving a webhook trigger). */
export async function ensureWebhookToken(
  tx: Prisma.TransactionClient,
  automationId: string,
): Promise<void> {
  await tx.automation.updateMany({
    where: { id: automationId, webhookToken: null },
    data: { webhookToken: newWebhookToken() },
  });
}
