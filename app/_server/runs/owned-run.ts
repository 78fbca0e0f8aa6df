import type { PrismaClient } from "../../../prisma/client";
import { AppError } from "../../../worker/errors";
import type { Actor } from "../../_lib/actor-type";

/**
 * Throws not_found unless the run belongs to the actor's workspace. Another
 * workspace's run is reported exactly like a missing one (never 403), so ids
 * reveal nothing. A run never changes workspace, so checking before acting is safe.
 */
export async function assertRunInWorkspace(
  prisma: PrismaClient,
  actor: Actor,
  runId: string,
): Promise<void> {
  const run = await prisma.run.findFirst({
    where: { id: runId, workspaceId: actor.workspaceId },
    select: { id: true },
  });
  if (!run) throw new AppError("not_found", `Run ${runId} not found`);
}
