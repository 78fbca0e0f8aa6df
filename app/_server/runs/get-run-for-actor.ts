import type { PrismaClient } from "../../../prisma/client";
import { getRun } from "../../../worker/runs/get-run";
import { redact } from "../../../worker/redact";
import type { Actor } from "../../_lib/actor-type";
import { assertRunInWorkspace } from "./owned-run";

/**
 * A run of the actor's workspace with its nodes and every attempt; not_found otherwise.
 * Trigger payload and outputs are redacted as on the run page: the API shows no secrets.
 */
export async function getRunForActor(prisma: PrismaClient, actor: Actor, runId: string) {
  await assertRunInWorkspace(prisma, actor, runId);
  const run = await getRun(prisma, runId);
  return {
    ...run,
    triggerPayload: redact(run.triggerPayload),
    nodeRuns: run.nodeRuns.map((row) => ({ ...row, output: redact(row.output) })),
  };
}
