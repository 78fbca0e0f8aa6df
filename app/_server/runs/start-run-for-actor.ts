import type { PrismaClient } from "../../../prisma/client";
import { AppError } from "../../../worker/errors";
import { startRun } from "../../../worker/runs/start-run";
import type { Actor } from "../../_lib/actor-type";

/**
 * Starts a run of the latest version of one of the actor's automations, owned
 * by the actor (so its report goes to whoever started it).
 */
export async function startRunForActor(
  prisma: PrismaClient,
  actor: Actor,
  input: { automationId: string; payload: unknown; triggerKind?: "api" | "cli" },
): Promise<{ runId: string; versionId: string }> {
  const automation = await prisma.automation.findFirst({
    where: { id: input.automationId, workspaceId: actor.workspaceId },
    select: {
      id: true,
      status: true,
      versions: { orderBy: { number: "desc" }, take: 1, select: { id: true } },
    },
  });
  if (!automation) throw new AppError("not_found", `Automation ${input.automationId} not found`);
  const version = automation.versions[0];
  if (!version) throw new AppError("conflict", `Automation ${automation.id} has no version yet`);
  if (automation.status === "paused") {
    throw new AppError(
      "conflict",
      `Automation ${automation.id} is paused; resume it to start runs`,
    );
  }
  const { runId } = await startRun(prisma, {
    versionId: version.id,
    ownerId: actor.userId,
    triggerPayload: input.payload,
    triggerKind: input.triggerKind ?? "api",
  });
  return { runId, versionId: version.id };
}
