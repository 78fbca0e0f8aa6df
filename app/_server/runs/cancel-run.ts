import type { PrismaClient } from "../../../prisma/client";
import { cancelRun as cancelAnyRun } from "../../../worker/runs/cancel-run";
import type { Actor } from "../../_lib/actor-type";
import { assertRunInWorkspace } from "./owned-run";

/** R13 cancel of a run of the actor's workspace (an ended run is left as it is). */
export async function cancelRun(prisma: PrismaClient, actor: Actor, runId: string) {
  await assertRunInWorkspace(prisma, actor, runId);
  return cancelAnyRun(prisma, runId);
}
