import type { PrismaClient } from "../../../prisma/client";
import { AppError } from "../../../worker/errors";
import { startRun } from "../../../worker/runs/start-run";
import type { Actor } from "../../_lib/actor-type";

// The builder's "Run" button. It differs from the API's startRunForActor (app/_server/runs):
// the UI's wording, the default trigger kind and no paused check, so it is kept apart.
// Retry and cancel are app/_server/runs/retry-run and cancel-run.

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
