import type { PrismaClient } from "../../../prisma/client";
import { summarizeBranches, buildTopology } from "../../../worker/engine/index";
import type { Graph, RunState } from "../../../worker/engine/types";
import { AppError } from "../../../worker/errors";
import { branchStatusWords, runOutcomeWords, stepNames } from "../../../worker/names";
import type { NamedBranch } from "./types";
import type { Actor } from "../../_lib/actor";

/** The workspace's automations with their latest version number and last run. */
export async function listAutomationsForUi(prisma: PrismaClient, actor: Actor) {
  const automations = await prisma.automation.findMany({
    where: { workspaceId: actor.workspaceId },
    orderBy: { updatedAt: "desc" },
    include: {
      versions: { orderBy: { number: "desc" }, take: 1, select: { number: true, createdAt: true } },
      runs: { orderBy: { createdAt: "desc" }, take: 1, select: { id: true, status: true } },
    },
  });
  return automations.map((a) => ({
    id: a.id,
    name: a.name,
    status: a.status,
    latestVersion: a.versions[0] ?? null,
    lastRun: a.runs[0] ?? null,
  }));
}

/** One automation of the workspace with every version (newest first); 404 otherwise. */
export async function getAutomationForUi(prisma: PrismaClient, actor: Actor, id: string) {
  const automation = await prisma.automation.findFirst({
    where: { id, workspaceId: actor.workspaceId },
    include: { versions: { orderBy: { number: "desc" } } },
  });
  if (!automation) throw new AppError("not_found", `Automation ${id} not found`);
  const latest = automation.versions[0];
  return {
    id: automation.id,
    name: automation.name,
    reportRecipients: automation.reportRecipients,
    reportDigestMinutes: automation.reportDigestMinutes,
    samplePayload: automation.samplePayload ?? undefined,
    versions: automation.versions.map((v) => ({
      id: v.id,
      number: v.number,
      createdAt: v.createdAt,
      graph: v.graph as unknown as Graph,
    })),
    graph: (latest?.graph ?? null) as unknown as Graph | null,
  };
}

/** Recent runs of the workspace with one status per branch (see summarizeBranches). */
export async function listRunsForUi(prisma: PrismaClient, actor: Actor, automationId?: string) {
  const runs = await prisma.run.findMany({
    where: { workspaceId: actor.workspaceId, ...(automationId ? { automationId } : {}) },
    orderBy: { createdAt: "desc" },
    take: 50,
    include: {
      automation: { select: { name: true } },
      version: { select: { graph: true } },
      nodeRuns: { where: { item: -1 }, select: { nodeId: true, state: true, rootCause: true } },
    },
  });
  return runs.map((run) => {
    const state: RunState = {};
    for (const row of run.nodeRuns)
      state[row.nodeId] = { state: row.state, rootCause: row.rootCause };
    const graph = run.version.graph as unknown as Graph;
    const name = stepNames(graph);
    const branches: NamedBranch[] = summarizeBranches(buildTopology(graph), state).map((b) => ({
      rootNodeId: b.rootNodeId,
      label: name(b.rootNodeId),
      status: b.status,
      statusWords: branchStatusWords(b.status),
    }));
    return {
      id: run.id,
      automationName: run.automation.name,
      status: run.status,
      statusWords: runOutcomeWords(run.status),
      generation: run.generation,
      startedAt: run.startedAt,
      branches,
    };
  });
}
