// Connections that authenticate with an API key the user pastes: nothing to refresh, so a
// 401 later means the key was revoked or rotated (connection-access.ts marks it broken).
import type { PrismaClient } from "../../prisma/client";
import { getConnector } from "../../connectors/registry";
import { AppError } from "../errors";
import type { KeyRing } from "./crypto";
import { sealApiKey } from "./stored-credentials";

export async function createApiKeyConnection(
  prisma: PrismaClient,
  ring: KeyRing,
  input: {
    workspaceId: string;
    ownerId: string;
    connectorId: string;
    apiKey: string;
    label: string;
  },
): Promise<{ connectionId: string }> {
  const connector = getConnector(input.connectorId);
  if (!connector) throw new AppError("not_found", `No connector "${input.connectorId}"`);
  if (connector.auth.kind !== "api_key" || connector.provider === null) {
    throw new AppError(
      "invalid_input",
      `${connector.displayName} does not connect with an API key`,
    );
  }
  const apiKey = input.apiKey.trim();
  if (apiKey === "") throw new AppError("invalid_input", "The API key is empty");
  const label = input.label.trim() || connector.displayName;
  const created = await prisma.connection.create({
    data: {
      workspaceId: input.workspaceId,
      ownerId: input.ownerId,
      connectorId: connector.id,
      provider: connector.provider,
      backend: "builtin",
      authKind: "api_key",
      label,
      encryptedCredentials: sealApiKey(ring, apiKey),
    },
  });
  return { connectionId: created.id };
}
