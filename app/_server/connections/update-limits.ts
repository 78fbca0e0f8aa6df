import { z } from "zod";
import type { PrismaClient } from "../../../prisma/client";
import { limitColumns } from "../../../worker/connections/limits";
import { AppError } from "../../../worker/errors";
import type { Actor } from "../../_lib/actor-type";
import { connectionLimitsBody } from "../../api/v1/_schemas/connections";
import { listConnections, type ConnectionSummary } from "./list-connections";

/**
 * Sets how many calls may go through a connection at once and how many per second or
 * minute (docs/connections.md, "Limits"); absent fields keep their value, null removes a
 * limit. Steps already waiting for capacity see the new limits when they next ask.
 * Another workspace's connection is not_found. Returns the connection.
 */
export async function updateConnectionLimits(
  prisma: PrismaClient,
  actor: Actor,
  connectionId: string,
  input: unknown,
): Promise<ConnectionSummary> {
  const parsed = connectionLimitsBody.safeParse(input);
  if (!parsed.success) {
    throw new AppError("invalid_input", z.prettifyError(parsed.error), parsed.error.issues);
  }
  const updated = await prisma.connection.updateMany({
    where: { id: connectionId, workspaceId: actor.workspaceId },
    data: limitColumns(parsed.data),
  });
  const [connection] =
    updated.count === 0 ? [] : await listConnections(prisma, actor.workspaceId, { connectionId });
  if (!connection) throw new AppError("not_found", `Connection ${connectionId} not found`);
  return connection;
}
