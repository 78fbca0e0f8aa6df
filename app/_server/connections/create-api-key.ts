import type { PrismaClient } from "../../../prisma/client";
import { getConnector } from "../../../connectors/registry";
import { createApiKeyConnection } from "../../../worker/connections/api-key";
import type { KeyRing } from "../../../worker/connections/crypto";
import { AppError } from "../../../worker/errors";
import type { Actor } from "../../_lib/actor";

/** Stores an API key (encrypted) as a connection of the actor's workspace. */
export async function createApiKey(
  prisma: PrismaClient,
  ring: KeyRing,
  actor: Actor,
  input: { connectorId: string; apiKey: string; label?: string },
): Promise<string> {
  const connector = getConnector(input.connectorId);
  if (!connector || connector.auth.kind !== "api_key") {
    throw new AppError("invalid_input", `${input.connectorId} does not take an API key`);
  }
  const { connectionId } = await createApiKeyConnection(prisma, ring, {
    workspaceId: actor.workspaceId,
    ownerId: actor.userId,
    connectorId: connector.id,
    apiKey: input.apiKey,
    label: input.label || `${connector.displayName} key`,
  });
  return connectionId;
}
