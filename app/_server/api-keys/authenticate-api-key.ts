import type { PrismaClient } from "../../../prisma/client";
import { AppError } from "../../../worker/errors";
import type { Actor } from "../../_lib/actor-type";
import { API_KEY_PREFIX, hashApiKey } from "./key-material";

// lastUsedAt is for humans ("used 3 minutes ago"); one write a minute per key is plenty.
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The actor behind a bearer API key. Unknown, revoked, or keys whose user has
 * left the workspace are all refused the same way.
 */
export async function authenticateApiKey(prisma: PrismaClient, key: string): Promise<Actor> {
  const refused = new AppError("unauthenticated", "Invalid or revoked API key");
  if (!key.startsWith(API_KEY_PREFIX)) throw refused;
  const row = await prisma.apiKey.findUnique({ where: { hashedKey: hashApiKey(key) } });
  if (!row || row.revokedAt) throw refused;
  const member = await prisma.membership.findUnique({
    where: { workspaceId_userId: { workspaceId: row.workspaceId, userId: row.userId } },
  });
  if (!member) throw refused;
  const now = new Date();
  await prisma.apiKey.updateMany({
    where: {
      id: row.id,
      OR: [
        { lastUsedAt: null },
        { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } },
      ],
    },
    data: { lastUsedAt: now },
  });
  return { userId: row.userId, workspaceId: row.workspaceId };
}
