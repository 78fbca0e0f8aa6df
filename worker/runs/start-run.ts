import type { Prisma, PrismaClient } from "../../prisma/client";
import { decideReady } from "../engine/index";
import type { RunState, RunTriggerKind } from "../engine/types";
import { AppError } from "../errors";
import { commitDecisions } from "./commit-decisions";
import { topologyForVersion } from "./locked-run";
import { lockTriggerKey } from "./trigger-key";

export interface StartRunInput {
  versionId: string;
  ownerId: string;
  triggerPayload: unknown;
  /** How the run was started; default "manual". */
  triggerKind?: RunTriggerKind;
  /** Deduplicates starts per automation: a second start with this key gets the first run. */
  triggerKey?: string;
}

export interface StartedRun {
  runId: string;
  /** false: the trigger key had already started this run; nothing new was created. */
  created: boolean;
}

/**
 * Creates a run pinned to one automation version: every node gets a row, the
 * trigger succeeds with the payload as its output, and the nodes that makes
 * ready are enqueued — one transaction, so a run is never half-created.
 */
export function startRun(prisma: PrismaClient, input: StartRunInput): Promise<StartedRun> {
  return prisma.$transaction((tx) => startRunInTx(tx, input));
}

/** startRun inside the caller's transaction (triggers check pause state in the same one). */
export async function startRunInTx(
  tx: Prisma.TransactionClient,
  input: StartRunInput,
): Promise<StartedRun> {
  const version = await tx.automationVersion.findUnique({ where: { id: input.versionId } });
  if (!version) throw new AppError("not_found", `Automation version ${input.versionId} not found`);
  if (input.triggerKey !== undefined) {
    const existing = await lockTriggerKey(tx, version.automationId, input.triggerKey);
    if (existing) return { runId: existing, created: false };
  }
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
      triggerKind: input.triggerKind ?? "manual",
      triggerKey: input.triggerKey ?? null,
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
  return { runId: run.id, created: true };
}
