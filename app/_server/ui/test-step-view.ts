import type { z } from "zod";
import type { PrismaClient } from "../../../prisma/client";
import { errorWords, runOutcomeWords, stepNames } from "../../../worker/names";
import { topologyForVersion } from "../../../worker/runs/locked-run";
import type { Actor } from "../../_lib/actor-type";
import type { testStepBody } from "../../api/v1/_schemas/automations";
import { testStep } from "../automations/test-step";
import type { TestedItem } from "../automations/test-step-run-data";
import { testedItemWords } from "./for-each-words";
import type { RecentRun, TestStepView } from "./types";

/** "Test step" for the builder: the API's test, its failure put in words (R15). */
export async function testStepForUi(
  prisma: PrismaClient,
  actor: Actor,
  input: z.output<typeof testStepBody>,
  signal: AbortSignal,
): Promise<TestStepView> {
  const result = await testStep(prisma, actor, input, signal);
  const words =
    result.item !== undefined && input.source.kind === "run"
      ? { itemWords: await itemWords(prisma, input.source.runId, result.item) }
      : {};
  if (result.ok) {
    const { item: _item, ...shown } = result;
    return { ...shown, ...words };
  }
  const name = stepNames({ nodes: [input.node] })(input.node.id);
  return {
    ok: false,
    headline: `${name} failed: ${errorWords(result.errorClass, result.httpStatus)}`,
    detail: result.message,
    missingSteps: result.missingSteps,
    ...words,
  };
}

/** Which item the step was tested with, its for-each named as the tested run's version names it. */
async function itemWords(
  prisma: PrismaClient,
  runId: string,
  item: TestedItem | null,
): Promise<string> {
  if (item === null) return testedItemWords(null, "");
  const run = await prisma.run.findUniqueOrThrow({
    where: { id: runId },
    select: { versionId: true },
  });
  const named = stepNames((await topologyForVersion(prisma, run.versionId)).graph);
  return testedItemWords(item, named(item.forEachId));
}

/** The automation's latest runs, as "Test with" offers them: when, and how it went. */
export async function recentRunsForUi(
  prisma: PrismaClient,
  actor: Actor,
  automationId: string,
): Promise<RecentRun[]> {
  const runs = await prisma.run.findMany({
    where: { workspaceId: actor.workspaceId, automationId },
    orderBy: { createdAt: "desc" },
    take: 10,
    select: { id: true, startedAt: true, status: true },
  });
  return runs.map((run) => ({
    id: run.id,
    label: `Run of ${run.startedAt.toISOString().replace("T", " ").slice(0, 19)} UTC, ${runOutcomeWords(run.status)}`,
  }));
}
