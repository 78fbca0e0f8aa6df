import type { z } from "zod";
import type { PrismaClient } from "../../../prisma/client";
import { errorWords, runOutcomeWords, stepNames } from "../../../worker/names";
import type { Actor } from "../../_lib/actor-type";
import type { testStepBody } from "../../api/v1/_schemas/automations";
import { testStep } from "../automations/test-step";
import type { RecentRun, TestStepView } from "./types";

/** "Test step" for the builder: the API's test, its failure put in words (R15). */
export async function testStepForUi(
  prisma: PrismaClient,
  actor: Actor,
  input: z.output<typeof testStepBody>,
  signal: AbortSignal,
): Promise<TestStepView> {
  const result = await testStep(prisma, actor, input, signal);
  if (result.ok) return result;
  const name = stepNames({ nodes: [input.node] })(input.node.id);
  return {
    ok: false,
    headline: `${name} failed: ${errorWords(result.errorClass, result.httpStatus)}`,
    detail: result.message,
    missingSteps: result.missingSteps,
  };
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
