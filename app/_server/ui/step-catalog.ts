import { z } from "zod";
import type { PrismaClient } from "../../../prisma/client";
import { availableConnectors } from "../../../connectors/registry";
import type { Actor } from "../../_lib/actor";
import type { CatalogConnector, FieldSchema } from "./types";

/**
 * What the step picker offers: connectors, their actions with input and output turned
 * into JSON Schema (forms and the reference picker are generated from it), and the
 * workspace's live connections per provider.
 */
export async function stepCatalog(prisma: PrismaClient, actor: Actor): Promise<CatalogConnector[]> {
  const connections = await prisma.connection.findMany({
    where: { workspaceId: actor.workspaceId, status: { not: "revoked" } },
    select: { id: true, label: true, provider: true, connectorId: true },
    orderBy: { createdAt: "asc" },
  });
  return availableConnectors().map((connector) => ({
    id: connector.id,
    displayName: connector.displayName,
    provider: connector.provider,
    callsService: connector.noNetwork !== true,
    actions: connector.actions.map((action) => ({
      key: `${connector.id}.${action.key}`,
      displayName: action.displayName,
      description: action.description,
      input: toSchema(action.input),
      output: toSchema(action.output),
    })),
    triggers: (connector.triggers ?? []).map((trigger) => ({
      key: `${connector.id}.${trigger.key}`,
      displayName: trigger.displayName,
      description: trigger.description,
      input: toSchema(trigger.input),
    })),
    // Demo connectors share a provider, yet each account's scopes suit only the connector
    // it was connected for: a Demo Chat step is offered Demo Chat accounts only.
    connections: connections
      .filter((c) => c.provider === connector.provider && c.connectorId === connector.id)
      .map((c) => ({ id: c.id, label: c.label })),
  }));
}

function toSchema(schema: z.ZodType): FieldSchema {
  // "input" describes what a user writes (defaults optional); unrepresentable types
  // (e.g. z.unknown transforms) become {} rather than throwing.
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  // Copied as plain data: zod's objects are not, and client components get only plain objects.
  return JSON.parse(JSON.stringify(json)) as FieldSchema;
}
