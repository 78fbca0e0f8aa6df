import type { PrismaClient } from "../../../prisma/client";
import { retryFailed } from "../../../worker/runs/retry-failed";
import type { Actor } from "../../_lib/actor-type";
import { assertRunInWorkspace } from "./owned-run";

/** R12 "retry failed" on a run of the actor's workspace. */
export async function retryRun(prisma: PrismaClient, actor: Actor, runId: string) {
  await assertRunInWorkspace(prisma, actor, runId);
  return retryFailed(prisma, runId);
}
