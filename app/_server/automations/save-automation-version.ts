import type { PrismaClient } from "../../../prisma/client";
import {
  saveAutomationVersion as saveVersion,
  type SavedVersion,
} from "../../../worker/automations/save-version";
import { AppError } from "../../../worker/errors";
import type { Actor } from "../../_lib/actor-type";

/**
 * A new immutable version of one of the actor's automations (invalid graphs
 * are refused with every problem; the same graph as the latest reuses it).
 */
export async function saveAutomationVersion(
  prisma: PrismaClient,
  actor: Actor,
  input: { automationId: string; graph: unknown },
): Promise<SavedVersion> {
  const automation = await prisma.automation.findFirst({
    where: { id: input.automationId, workspaceId: actor.workspaceId },
    select: { name: true },
  });
  if (!automation) throw new AppError("not_found", `Automation ${input.automationId} not found`);
  return saveVersion(prisma, {
    workspaceId: actor.workspaceId,
    ownerId: actor.userId,
    automationName: automation.name,
    graph: input.graph,
  });
}
