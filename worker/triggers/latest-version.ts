import type { Prisma } from "../../prisma/client";
import { parseGraph, triggerConfigOf } from "../engine/index";
import type { Graph, TriggerConfig } from "../engine/types";

export interface LatestVersion {
  id: string;
  graph: Graph;
  trigger: TriggerConfig;
}

/** Triggers start the automation's newest version: saving changes what runs next. */
export async function latestVersion(
  tx: Prisma.TransactionClient,
  automationId: string,
): Promise<LatestVersion | null> {
  const version = await tx.automationVersion.findFirst({
    where: { automationId },
    orderBy: { number: "desc" },
  });
  if (!version) return null;
  const parsed = parseGraph(version.graph);
  // Versions are validated before they are stored; this only fails on a corrupt row.
  if (!parsed.ok) throw new Error(`Automation version ${version.id} holds an invalid graph`);
  return { id: version.id, graph: parsed.graph, trigger: triggerConfigOf(parsed.graph) };
}
