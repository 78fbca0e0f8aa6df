import type { PrismaClient } from "../../../prisma/client";
import { actionCatalog } from "../../../connectors/registry";
import { saveAutomationVersion } from "../../../worker/automations/save-version";
import { parseGraph, validateGraph } from "../../../worker/engine/index";
import type { ValidationProblem } from "../../../worker/engine/types";
import { AppError } from "../../../worker/errors";
import type { Actor } from "../../_lib/actor";
import type { SaveResult } from "./types";

/**
 * Saves the builder's graph as a new version. Validation runs here first so the editor
 * gets problems *and* warnings together (the store only returns warnings on success).
 * An existing automation is renamed before saving, because versions attach by name.
 */
export async function saveVersionForUi(
  prisma: PrismaClient,
  actor: Actor,
  input: { automationId: string | null; name: string; graph: unknown },
): Promise<SaveResult> {
  const name = input.name.trim();
  if (!name) {
    return fail("Give the automation a name.", [
      { nodeId: null, field: "name", message: "required" },
    ]);
  }
  const parsed = parseGraph(input.graph);
  if (!parsed.ok) return fail("The graph is malformed.", parsed.problems);
  const connections = await prisma.connection.findMany({
    where: { workspaceId: actor.workspaceId, status: { not: "revoked" } },
    select: { id: true, provider: true },
  });
  const providers = new Map(connections.map((c) => [c.id, c.provider]));
  const { problems, warnings } = validateGraph(parsed.graph, actionCatalog, {
    connectionProvider: (id) => providers.get(id),
  });
  if (problems.length > 0) {
    return fail(`Not saved: ${problems.length} problem(s) to fix.`, problems, warnings);
  }
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

function fail(
  message: string,
  problems: ValidationProblem[],
  warnings: ValidationProblem[] = [],
): SaveResult {
  return { ok: false, message, problems, warnings };
}
