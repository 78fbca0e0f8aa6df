import type { PrismaClient } from "../../../prisma/client";
import { AppError } from "../../../worker/errors";
import type { Actor } from "../../_lib/actor-type";

/** One automation of the actor's workspace with every version, newest first; not_found otherwise. */
export async function getAutomation(prisma: PrismaClient, actor: Actor, automationId: string) {
  const automation = await prisma.automation.findFirst({
    where: { id: automationId, workspaceId: actor.workspaceId },
    include: { versions: { orderBy: { number: "desc" } } },
  });
  if (!automation) throw new AppError("not_found", `Automation ${automationId} not found`);
  return automation;
}
