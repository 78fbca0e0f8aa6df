import type { PrismaClient } from "../../../prisma/client";
import { actionCatalog } from "../../../connectors/registry";
import { saveAutomationVersion } from "../../../worker/automations/save-version";
import { validationOptions } from "../../../worker/automations/validation-options";
import { parseGraph, validateGraph } from "../../../worker/engine/index";
import { readableIssue } from "../../../worker/engine/readable-issues";
import type { ValidationProblem } from "../../../worker/engine/types";
import { AppError } from "../../../worker/errors";
import type { Actor } from "../../_lib/actor";
import { automationName } from "../../api/v1/_schemas/automations";
import type { SaveResult } from "./types";

/**
 * Saves the builder's graph as a new version. Validation runs here first so the editor
 * gets problems *and* warnings together (the store only returns warnings on success).
 * An existing automation is renamed before saving, because versions attach by name.
 */
export async function saveVersionForUi(
  prisma: PrismaClient,
  actor: Actor,
  input: { automationId: string | null; name: string; graph: unknown; sample?: unknown },
): Promise<SaveResult> {
  const named = automationName.safeParse(input.name, { error: readableIssue });
  const nameProblems: ValidationProblem[] = named.success
    ? []
    : named.error.issues.map((issue) => ({ nodeId: null, field: "name", message: issue.message }));
  const parsed = parseGraph(input.graph);
  if (!parsed.ok) {
    const problems = [...nameProblems, ...parsed.problems];
    return fail(notSaved(problems), problems);
  }
  const validated = validateGraph(
    parsed.graph,
    actionCatalog,
    await validationOptions(prisma, actor.workspaceId),
  );
  const problems = [...nameProblems, ...validated.problems];
  const warnings = validated.warnings;
  if (!named.success || problems.length > 0) {
    return fail(notSaved(problems), problems, warnings);
  }
  const name = named.data;
  if (input.automationId) {
    const renamed = await rename(prisma, actor, input.automationId, name);
    if (renamed) return renamed;
  } else if (
    await prisma.automation.findFirst({ where: { workspaceId: actor.workspaceId, name } })
  ) {
    return fail(`An automation named "${name}" already exists.`, [
      { nodeId: null, field: "name", message: "already used by another automation" },
    ]);
  }
  const saved = await saveAutomationVersion(prisma, {
    workspaceId: actor.workspaceId,
    ownerId: actor.userId,
    automationName: name,
    graph: parsed.graph,
    samplePayload: input.sample,
  });
  return { ok: true, automationId: saved.automationId, versionNumber: saved.number, warnings };
}

async function rename(
  prisma: PrismaClient,
  actor: Actor,
  automationId: string,
  name: string,
): Promise<SaveResult | null> {
  const automation = await prisma.automation.findFirst({
    where: { id: automationId, workspaceId: actor.workspaceId },
  });
  if (!automation) throw new AppError("not_found", `Automation ${automationId} not found`);
  if (automation.name === name) return null;
  const clash = await prisma.automation.findFirst({
    where: { workspaceId: actor.workspaceId, name },
  });
  if (clash) {
    return fail(`An automation named "${name}" already exists.`, [
      { nodeId: null, field: "name", message: "already used by another automation" },
    ]);
  }
  await prisma.automation.update({ where: { id: automationId }, data: { name } });
  return null;
}

const notSaved = (problems: ValidationProblem[]) =>
  `Not saved: ${problems.length} ${problems.length === 1 ? "problem" : "problems"} to fix.`;

function fail(
  message: string,
  problems: ValidationProblem[],
  warnings: ValidationProblem[] = [],
): SaveResult {
  return { ok: false, message, problems, warnings };
}
