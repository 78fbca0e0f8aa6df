import type { PrismaClient } from "../../../prisma/client";
import { retryFailed, retryOnLatestVersion } from "../../../worker/runs/retry-failed";
import type { Actor } from "../../_lib/actor-type";
import { assertRunInWorkspace } from "./owned-run";

/**
 * Retry on a run of the actor's workspace: R12 on the version it ran on, or on the
 * automation's latest version once a step has been fixed.
 */
export async function retryRun(
  prisma: PrismaClient,
  actor: Actor,
  runId: string,
  on: "run" | "latest" = "run",
  options: { requestApprovalAgain?: boolean } = {},
) {
  await assertRunInWorkspace(prisma, actor, runId);
  return on === "latest"
    ? retryOnLatestVersion(prisma, runId)
    : retryFailed(prisma, runId, options);
}
