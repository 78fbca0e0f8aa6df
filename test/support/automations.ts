import type { PrismaClient } from "../../prisma/client";
import { ensureLocalOwner } from "../../worker/automations/ensure-local-owner";
import { saveAutomationVersion } from "../../worker/automations/save-version";
import type { Graph } from "../../worker/engine/types";

/** Saves the graph as a new automation of the local owner; returns its row after saving. */
export async function saveAutomation(prisma: PrismaClient, graph: Graph, name?: string) {
  const owner = await ensureLocalOwner(prisma);
  const saved = await saveAutomationVersion(prisma, {
    workspaceId: owner.workspaceId,
    ownerId: owner.userId,
    automationName: name ?? `test-${Math.random().toString(36).slice(2, 8)}`,
    graph,
  });
  const automation = await prisma.automation.findUniqueOrThrow({
    where: { id: saved.automationId },
  });
  return { ...saved, automation, owner };
}
