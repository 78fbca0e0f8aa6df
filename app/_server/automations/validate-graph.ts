import type { PrismaClient } from "../../../prisma/client";
import { actionCatalog } from "../../../connectors/registry";
import { parseGraph, validateGraph as validate } from "../../../worker/engine/index";
import type { ValidationProblem } from "../../../worker/engine/types";
import type { Actor } from "../../_lib/actor-type";

export interface GraphValidation {
  valid: boolean;
  problems: ValidationProblem[];
  warnings: ValidationProblem[];
}

/**
 * Checks a graph without saving it, the way saving would: connections are
 * resolved among this workspace's live ones only (another workspace's
 * connection id is as unknown as a made-up one).
 */
export async function validateGraph(
  prisma: PrismaClient,
  actor: Actor,
  graph: unknown,
): Promise<GraphValidation> {
  const parsed = parseGraph(graph);
  if (!parsed.ok) return { valid: false, problems: parsed.problems, warnings: [] };
  const connections = await prisma.connection.findMany({
    where: { workspaceId: actor.workspaceId, status: { not: "revoked" } },
    select: { id: true, provider: true },
  });
  const providers = new Map(connections.map((c) => [c.id, c.provider]));
  const { problems, warnings } = validate(parsed.graph, actionCatalog, {
    connectionProvider: (id) => providers.get(id),
  });
  return { valid: problems.length === 0, problems, warnings };
}
