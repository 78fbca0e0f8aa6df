import type { PrismaClient } from "../../../prisma/client";
import { AppError } from "../../../worker/errors";
import { cancelRun } from "../../../worker/runs/cancel-run";
import { retryFailed } from "../../../worker/runs/retry-failed";
import { startRun } from "../../../worker/runs/start-run";
import type { Actor } from "../../_lib/actor";

// Workspace checks in front of the worker's run operations: the worker functions take
// bare ids, so these are the only doors the UI uses.

export async function startRunForUi(
  prisma: PrismaClient,
  actor: Actor,
  automationId: string,
  payload: unknown,
) {
  const version = await prisma.automationVersion.findFirst({
    where: { automationId, workspaceId: actor.workspaceId },
    orderBy: { number: "desc" },
  });
  if (!version) throw new AppError("not_found", "Save the automation before running it");
  return startRun(prisma, {
    versionId: version.id,
    ownerId: actor.userId,
    triggerPayload: payload,
  });
}

async function assertRunInWorkspace(prisma: PrismaClient, actor: Actor, runId: string) {
  const run = await prisma.run.findFirst({ where: { id: runId, workspaceId: actor.workspaceId } });
  if (!run) throw new AppError("not_found", `Run ${runId} not found`);
}

/** R12: the failed part runs again as a new generation. */
export async function retryRunForUi(prisma: PrismaClient, actor: Actor, runId: string) {
  await assertRunInWorkspace(prisma, actor, runId);
  return retryFailed(prisma, runId);
}

/** R13. */
export async function cancelRunForUi(prisma: PrismaClient, actor: Actor, runId: string) {
  await assertRunInWorkspace(prisma, actor, runId);
  return cancelRun(prisma, runId);
}
