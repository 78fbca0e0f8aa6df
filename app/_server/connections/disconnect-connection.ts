import type { PrismaClient } from "../../../prisma/client";
import { revokeConnection } from "../../../worker/connections/builtin-oauth";
import type { KeyRing } from "../../../worker/connections/crypto";
import type { Actor } from "../../_lib/actor";

/**
 * Disconnects: revokes the grant at the provider where it allows (never
 * blocking the disconnect on it), forgets the secrets, keeps the row so
 * automations and history can still name it.
 */
export async function disconnectConnection(
  prisma: PrismaClient,
  ring: KeyRing,
  actor: Actor,
  connectionId: string,
) {
  return revokeConnection(prisma, ring, { connectionId, workspaceId: actor.workspaceId });
}
