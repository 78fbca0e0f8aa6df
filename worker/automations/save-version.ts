import { Prisma, type PrismaClient } from "../../prisma/client";
import { actionCatalog } from "../../connectors/registry";
import { canonicalJson } from "../engine/canonical-json";
import { parseGraph, triggerConfigOf, validateGraph } from "../engine/index";
import type { Graph, ValidationProblem } from "../engine/types";
import { AppError } from "../errors";
import { syncTriggerJobs } from "../triggers/sync-trigger-jobs";
import { validationOptions } from "./validation-options";

export interface SavedVersion {
  automationId: string;
  versionId: string;
  number: number;
  warnings: ValidationProblem[];
}

/**
 * Validates a graph and stores it as a new immutable version of an automation.
 * An invalid graph is refused with every problem listed; nothing is stored.
 * Saving the same graph as the latest version reuses that version.
 */
export async function saveAutomationVersion(
  prisma: PrismaClient,
  input: {
    workspaceId: string;
    ownerId: string;
    automationName: string;
    graph: unknown;
    /** The builder's example trigger payload, kept on the automation; absent: unchanged. */
    samplePayload?: unknown;
  },
): Promise<SavedVersion> {
  const graph = checkGraph(input.graph);
  const { problems, warnings } = validateGraph(
    graph,
    actionCatalog,
    await validationOptions(prisma, input.workspaceId),
  );
  if (problems.length > 0) throw invalidGraph(problems);
  const samplePayload =
    input.samplePayload === undefined
      ? undefined
      : ((input.samplePayload as Prisma.InputJsonValue | null) ?? Prisma.JsonNull);
  return prisma.$transaction(async (tx) => {
    const found = await tx.automation.findFirst({
      where: { workspaceId: input.workspaceId, name: input.automationName },
    });
    if (found && samplePayload !== undefined) {
      await tx.automation.update({ where: { id: found.id }, data: { samplePayload } });
    }
    const automation =
      found ??
      (await tx.automation.create({
        data: {
          workspaceId: input.workspaceId,
          ownerId: input.ownerId,
          name: input.automationName,
          samplePayload,
        },
      }));
    const latest = await tx.automationVersion.findFirst({
      where: { automationId: automation.id },
      orderBy: { number: "desc" },
    });
    // Every save (re)schedules: the queue follows the latest version's trigger.
    await syncTriggerJobs(tx, automation.id, triggerConfigOf(graph), new Date());
    if (latest && canonicalJson(latest.graph) === canonicalJson(graph)) {
      return { automationId: automation.id, versionId: latest.id, number: latest.number, warnings };
    }
    const version = await tx.automationVersion.create({
      data: {
        workspaceId: input.workspaceId,
        automationId: automation.id,
        number: (latest?.number ?? 0) + 1,
        graph: graph as unknown as Prisma.InputJsonValue,
      },
    });
    return { automationId: automation.id, versionId: version.id, number: version.number, warnings };
  });
}

function checkGraph(json: unknown): Graph {
  const parsed = parseGraph(json);
  if (!parsed.ok) throw invalidGraph(parsed.problems);
  return parsed.graph;
}

/** The refusal names the first problems, so a client that shows only the message can act. */
function invalidGraph(problems: ValidationProblem[]): AppError {
  const shown = problems.slice(0, 3).map((p) => p.message);
  const more = problems.length > shown.length ? "; …" : "";
  return new AppError(
    "invalid_graph",
    `The graph has ${problems.length} problem(s): ${shown.join("; ")}${more}`,
    problems,
  );
}
