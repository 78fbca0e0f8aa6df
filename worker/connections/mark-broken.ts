// R8: a connection whose credential the provider no longer accepts becomes `broken`, and
// its owner is told once, in words they can act on. Steps that need it wait
// (waiting_connection) instead of burning their attempts.
import type { Prisma } from "../../prisma/client";
import { getConnector } from "../../connectors/registry";

/**
 * Marks the connection broken and notifies its owner; returns false (and changes nothing)
 * when it was not `connected` (already broken, so already notified; or revoked). Call it
 * inside a transaction so the state change and the notification land together.
 */
export async function markConnectionBroken(
  tx: Prisma.TransactionClient,
  connectionId: string,
  message: string,
  now: Date = new Date(),
): Promise<boolean> {
  // The status condition makes concurrent callers race safely: only one flips it.
  const { count } = await tx.connection.updateMany({
    where: { id: connectionId, status: "connected" },
    data: { status: "broken", brokenAt: now, lastError: message, lastErrorAt: now },
  });
  if (count === 0) return false;
  const connection = await tx.connection.findUniqueOrThrow({ where: { id: connectionId } });
  const service = getConnector(connection.connectorId)?.displayName ?? connection.connectorId;
  await tx.notification.create({
    data: {
      workspaceId: connection.workspaceId,
      userId: connection.ownerId,
      connectionId,
      kind: "connection_broken",
      title: `Your ${service} connection "${connection.label}" needs to be reconnected`,
      body:
        `Switchyard can no longer use your ${service} connection "${connection.label}". ` +
        `${service} said: ${message.trim().replace(/\.+$/, "")}. ` +
        "Reconnect it on the Connections page; steps waiting for it resume automatically.",
      createdAt: now,
    },
  });
  return true;
}
