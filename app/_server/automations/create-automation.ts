import type { PrismaClient } from "../../../prisma/client";
import { saveAutomationVersion, type SavedVersion } from "../../../worker/automations/save-version";
import { AppError } from "../../../worker/errors";
import type { Actor } from "../../_lib/actor-type";

/**
 * A new automation with its first version. Versions attach to an automation
 * by name (save-version), so an existing name is a conflict here rather than
 * silently becoming a new version of someone else's automation.
 */
export async function createAutomation(
  prisma: PrismaClient,
  actor: Actor,
  input: { name: string; graph: unknown },
): Promise<SavedVersion> {
  const name = input.name.trim();
  const existing = await prisma.automation.findFirst({
    where: { workspaceId: actor.workspaceId, name },
    select: { id: true },
  });
  if (existing) {
    throw new AppError("conflict", `An automation named "${name}" already exists`, {
      automationId: existing.id,
    });
  }
  return saveAutomationVersion(prisma, {
    workspaceId: actor.workspaceId,
    ownerId: actor.userId,
    automationName: name,
    graph: input.graph,
  });
}
