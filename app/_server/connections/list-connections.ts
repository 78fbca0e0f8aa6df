import type { PrismaClient } from "../../../prisma/client";
import type { ConnectorIcon } from "../../../connectors/_sdk/define";
import { getConnector } from "../../../connectors/registry";
import { limitsOf, type ConnectionLimits } from "../../../worker/connections/limits";
import { graphSchema } from "../../../worker/engine";

export type ConnectionHealth = "connected" | "expiring" | "broken" | "revoked";

export interface ConnectionSummary {
  id: string;
  connectorId: string;
  connectorName: string;
  icon: ConnectorIcon;
  label: string;
  backend: string;
  authKind: string;
  health: ConnectionHealth;
  limits: ConnectionLimits;
  lastUsedAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  createdAt: Date;
  usedBy: { automationId: string; name: string }[];
}

const EXPIRING_WITHIN_MS = 60 * 60 * 1000;

/**
 * The workspace's connections (or only the one with `connectionId`) with their health,
 * limits and the automations using them.
 */
export async function listConnections(
  prisma: PrismaClient,
  workspaceId: string,
  options: { connectionId?: string; now?: Date } = {},
): Promise<ConnectionSummary[]> {
  const now = options.now ?? new Date();
  const [connections, automations] = await Promise.all([
    prisma.connection.findMany({
      where: {
        workspaceId,
        ...(options.connectionId !== undefined && { id: options.connectionId }),
      },
      orderBy: { createdAt: "desc" },
    }),
    prisma.automation.findMany({
      where: { workspaceId },
      select: {
        id: true,
        name: true,
        versions: { orderBy: { number: "desc" }, take: 1, select: { graph: true } },
      },
    }),
  ]);
  const usedBy = new Map<string, { automationId: string; name: string }[]>();
  for (const automation of automations) {
    const graph = graphSchema.safeParse(automation.versions[0]?.graph);
    if (!graph.success) continue;
    const ids = new Set(graph.data.nodes.map((n) => n.connection).filter((c): c is string => !!c));
    for (const id of ids) {
      const list = usedBy.get(id) ?? [];
      list.push({ automationId: automation.id, name: automation.name });
      usedBy.set(id, list);
    }
  }
  return connections.map((c) => {
    const connector = getConnector(c.connectorId);
    const expiring =
      c.status === "connected" &&
      c.accessTokenExpiresAt !== null &&
      c.accessTokenExpiresAt.getTime() - now.getTime() < EXPIRING_WITHIN_MS;
    return {
      id: c.id,
      connectorId: c.connectorId,
      connectorName: connector?.displayName ?? c.connectorId,
      icon: connector?.icon ?? "plug",
      label: c.label,
      backend: c.backend,
      authKind: c.authKind,
      health: expiring ? "expiring" : c.status,
      limits: limitsOf(c),
      lastUsedAt: c.lastUsedAt,
      lastError: c.lastError,
      lastErrorAt: c.lastErrorAt,
      createdAt: c.createdAt,
      usedBy: usedBy.get(c.id) ?? [],
    };
  });
}
