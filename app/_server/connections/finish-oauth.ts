import type { PrismaClient } from "../../../prisma/client";
import { completeAuthorization } from "../../../worker/connections/builtin-oauth";
import type { KeyRing } from "../../../worker/connections/crypto";
import { resumeWaitingNodes } from "../../../worker/runs/resume-waiting-nodes";

/**
 * The OAuth callback: exchange the code (state checked once), store or repair
 * the connection, then resume the steps waiting for it (R8).
 */
export async function finishOAuth(prisma: PrismaClient, ring: KeyRing, callbackUrl: URL) {
  const { connectionId, repaired } = await completeAuthorization(prisma, ring, { callbackUrl });
  const resumed = repaired
    ? await prisma.$transaction((tx) => resumeWaitingNodes(tx, connectionId))
    : 0;
  return { connectionId, resumed };
}
