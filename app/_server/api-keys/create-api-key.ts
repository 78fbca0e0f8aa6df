import type { PrismaClient } from "../../../prisma/client";
import type { Actor } from "../../_lib/actor-type";
import { displayPrefix, generateApiKey, hashApiKey } from "./key-material";

export interface CreatedApiKey {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  /** The key itself: returned this once and never stored. */
  key: string;
}

/** A new REST API key acting as this user in this workspace. */
export async function createApiKey(
  prisma: PrismaClient,
  actor: Actor,
  input: { name: string },
): Promise<CreatedApiKey> {
  const key = generateApiKey();
  const row = await prisma.apiKey.create({
    data: {
      workspaceId: actor.workspaceId,
      userId: actor.userId,
      name: input.name,
      prefix: displayPrefix(key),
      hashedKey: hashApiKey(key),
    },
  });
  return { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt, key };
}
