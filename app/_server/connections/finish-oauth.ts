import type { PrismaClient } from "../../../prisma/client";
import { completeAuthorization } from "../../../worker/connections/builtin-oauth";
import type { KeyRing } from "../../../worker/connections/crypto";
import { AppError } from "../../../worker/errors";
import { resumeWaitingNodes } from "../../../worker/runs/resume-waiting-nodes";
import type { Actor } from "../../_lib/actor-type";

/**
 * The OAuth callback: exchange the code (state checked once), store or repair
 * the connection, then resume the steps waiting for it (R8). The flow must have
 * been started by the same signed-in user: otherwise someone could start a flow
 * and have another person consent, landing that person's account in their workspace.
 */
export async function finishOAuth(
  prisma: PrismaClient,
  ring: KeyRing,
  actor: Actor,
  callbackUrl: URL,
) {
  const state = callbackUrl.searchParams.get("state") ?? "";
  const flow = await prisma.oAuthFlow.findUnique({
    where: { id: state },
    select: { userId: true, workspaceId: true },
  });
  if (flow && (flow.userId !== actor.userId || flow.workspaceId !== actor.workspaceId)) {
    throw new AppError("not_found", "This authorization was started from another account");
  }
  const { connectionId, repaired } = await completeAuthorization(prisma, ring, { callbackUrl });
  const resumed = repaired
    ? await prisma.$transaction((tx) => resumeWaitingNodes(tx, connectionId))
    : 0;
  return { connectionId, resumed };
}
