import type { Prisma, PrismaClient } from "../../prisma/client";
import { decideReady } from "../engine/index";
import type { RunState } from "../engine/types";
import { AppError } from "../errors";
import { commitDecisions } from "./commit-decisions";
import { topologyForVersion } from "./locked-run";

export interface StartRunInput {
  versionId: string;
  ownerId: string;
  triggerPayload: unknown;
}

/**
 * Creates a run pinned to one automation version: every node gets a row, the
 * trigger succeeds with the payload as its output, and the nodes that makes
 * ready are enqueued — one transaction, so a run is never half-created.
 */
export async function startRun(
  prisma: PrismaClient,
  input: StartRunInput,
): Promise<{ runId: string }> {
  return prisma.$transaction(async (tx) => {
    const version = await tx.automationVersion.findUnique({ where: { id: input.versionId } });
    if (!version)
      throw new AppError("not_found", `Automation version ${input.versionId} not found`);
    const topo = await topologyForVersion(tx, version.id);
    const payload = (input.triggerPayload ?? {}) as Prisma.InputJsonValue;
    const now = new Date();
    const run = await tx.run.create({
      data: {
        workspaceId: version.workspaceId,
        automationId: version.automationId,
        versionId: version.id,
        ownerId: input.ownerId,
        triggerPayload: payload,
        startedAt: now,
      },
    });
    await tx.nodeRun.createMany({
      data: topo.graph.nodes.map((node) =>
        node.id === topo.triggerId
          ? {
              workspaceId: run.workspaceId,
              runId: run.id,
              nodeId: node.id,
              state: "succeeded" as const,
              output: payload,
              startedAt: now,
              endedAt: now,
            }
          : { workspaceId: run.workspaceId, runId: run.id, nodeId: node.id },
      ),
    });
    const rows = await tx.nodeRun.findMany({ where: { runId: run.id } });
    const state: RunState = {};
    for (const row of rows) {
      state[row.nodeId] =
        row.nodeId === topo.triggerId
          ? { state: "succeeded", output: payload }
          : { state: "pending" };
    }
    const locked = { run, topo, rows: new Map(rows.map((r) => [r.nodeId, r])), state };
    const decisions = decideReady(topo, state, { trigger: payload }, [topo.triggerId]);
    await commitDecisions(tx, locked, decisions, now);
    return { runId: run.id };
  });
}
