import type { PrismaClient } from "../../../prisma/client";
import { findStep } from "../../../worker/engine/for-each";
import { redact } from "../../../worker/redact";
import { topologyForVersion } from "../../../worker/runs/locked-run";
import type { Actor } from "../../_lib/actor-type";
import { assertRunInWorkspace } from "../runs/owned-run";

/** The item of a run a step inside a for-each is tested with. */
export interface TestedItem {
  forEachId: string;
  index: number;
  state: string;
  value: unknown;
}

export interface RunData {
  payload: unknown;
  steps: Record<string, unknown>;
  item?: unknown;
  /** For a step inside a for-each: the item used, null when the run had no item. */
  testedItem?: TestedItem | null;
}

/**
 * The trigger payload and succeeded outputs of a run of the actor's workspace. For a step
 * inside a for-each (`forEachId`, or the for-each holding the step in the run's version)
 * also one of its items — the first that failed, the one worth testing a fix with, else
 * the first — and the outputs that item's steps had.
 */
export async function runData(
  prisma: PrismaClient,
  actor: Actor,
  source: { runId: string; forEachId?: string },
  stepId: string,
): Promise<RunData> {
  const { runId } = source;
  await assertRunInWorkspace(prisma, actor, runId);
  const run = await prisma.run.findUniqueOrThrow({
    where: { id: runId },
    select: {
      versionId: true,
      triggerPayload: true,
      nodeRuns: {
        where: { state: "succeeded", item: -1 },
        select: { nodeId: true, output: true },
      },
    },
  });
  const steps = Object.fromEntries(run.nodeRuns.map((n) => [n.nodeId, n.output ?? null]));
  const forEachId =
    source.forEachId ??
    findStep(await topologyForVersion(prisma, run.versionId), stepId)?.forEachId ??
    null;
  if (forEachId === null) return { payload: run.triggerPayload, steps, item: undefined };

  const chosen =
    (await firstItem(prisma, runId, forEachId, "failed")) ??
    (await firstItem(prisma, runId, forEachId));
  if (!chosen) return { payload: run.triggerPayload, steps, item: null, testedItem: null };
  const itemSteps = await prisma.nodeRun.findMany({
    where: { runId, item: chosen.index, state: "succeeded" },
    select: { nodeId: true, output: true },
  });
  for (const step of itemSteps) steps[step.nodeId] = step.output ?? null;
  return {
    payload: run.triggerPayload,
    steps,
    item: chosen.value,
    testedItem: {
      forEachId,
      index: chosen.index,
      state: chosen.state,
      value: redact(chosen.value),
    },
  };
}

function firstItem(prisma: PrismaClient, runId: string, nodeId: string, state?: string) {
  return prisma.forEachItem.findFirst({
    where: { runId, nodeId, state },
    orderBy: { index: "asc" },
    select: { index: true, state: true, value: true },
  });
}
