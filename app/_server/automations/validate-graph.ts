import type { PrismaClient } from "../../../prisma/client";
import { actionCatalog } from "../../../connectors/registry";
import { validationOptions } from "../../../worker/automations/validation-options";
import { parseGraph, validateGraph as validate } from "../../../worker/engine/index";
import type { ValidationProblem } from "../../../worker/engine/types";
import type { Actor } from "../../_lib/actor-type";

export interface GraphValidation {
  valid: boolean;
  problems: ValidationProblem[];
  warnings: ValidationProblem[];
}

/**
 * Checks a graph without saving it, the way saving would (validation-options.ts).
 */
export async function validateGraph(
  prisma: PrismaClient,
  actor: Actor,
  graph: unknown,
): Promise<GraphValidation> {
  const parsed = parseGraph(graph);
  if (!parsed.ok) return { valid: false, problems: parsed.problems, warnings: [] };
  const { problems, warnings } = validate(
    parsed.graph,
    actionCatalog,
    await validationOptions(prisma, actor.workspaceId),
  );
  return { valid: problems.length === 0, problems, warnings };
}
