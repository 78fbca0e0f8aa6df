import type { PrismaClient } from "../../../prisma/client";
import { AppError } from "../../../worker/errors";
import type { Actor } from "../../_lib/actor-type";

/**
 * Revokes a key of the actor's workspace (kept, marked revoked, so lists show
 * what stopped working). Revoking twice keeps the first time.
 */
export async function revokeApiKey(
  prisma: PrismaClient,
  actor: Actor,
  keyId: string,
): Promise<{ id: string; revokedAt: Date }> {
  const key = await prisma.apiKey.findFirst({
    where: { id: keyId, workspaceId: actor.workspaceId },
  });
  if (!key) throw new AppError("not_found", "This workspace has no such API key");
  if (key.revokedAt) return { id: key.id, revokedAt: key.revokedAt };
  const updated = await prisma.apiKey.update({
    where: { id: key.id },
    data: { revokedAt: new Date() },
  });
  return { id: updated.id, revokedAt: updated.revokedAt ?? new Date() };
}
