import { getConnector } from "../../connectors/registry";
import type { PrismaClient } from "../../prisma/client";
import type { ValidateOptions } from "../engine/index";
import { triggerSettings } from "../triggers/trigger-settings";

/**
 * What validating a graph for saving knows about the server and the workspace: only this
 * workspace's live connections can be named (tenancy, R8; another workspace's connection
 * id is as unknown as a made-up one), and triggers keep to the server's minimum interval.
 */
export async function validationOptions(
  prisma: PrismaClient,
  workspaceId: string,
): Promise<ValidateOptions> {
  const connections = await prisma.connection.findMany({
    where: { workspaceId, status: { not: "revoked" } },
    select: { id: true, connectorId: true, label: true },
  });
  const known = new Map(
    connections.map((c) => [
      c.id,
      {
        connectorId: c.connectorId,
        appName: getConnector(c.connectorId)?.displayName ?? c.connectorId,
        label: c.label,
      },
    ]),
  );
  return {
    connection: (id) => known.get(id),
    minTriggerIntervalSeconds: triggerSettings().minTriggerIntervalSeconds,
  };
}
