import type { PrismaClient } from "../../../prisma/client";
import { getRun } from "../../../worker/runs/get-run";
import type { Actor } from "../../_lib/actor-type";
import { assertRunInWorkspace } from "./owned-run";

/** A run of the actor's workspace with its nodes and every attempt; not_found otherwise. */
export async function getRunForActor(prisma: PrismaClient, actor: Actor, runId: string) {
  await assertRunInWorkspace(prisma, actor, runId);
  return getRun(prisma, runId);
}
