import type { Prisma, PrismaClient } from "../../prisma/client";
import { asJsonColumn } from "../../prisma/storable";
import { decideReady } from "../engine/index";
import type { RunState, RunTriggerKind } from "../engine/types";
import { AppError } from "../errors";
import { commitDecisions } from "./commit-decisions";
import { topologyForVersion } from "./locked-run";
import { ts } from "./store/sql";
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

/** What a caller that has read the version already passes, so it is not read twice. */
export interface KnownVersion {
  id: string;
  automationId: string;
  workspaceId: string;
}

/**
 * startRun inside the caller's transaction (triggers check pause state in the same one).
 * `known`: the version as the caller read it, and whether it already holds the trigger
 * key's lock (lockTriggerKey) — each a round trip saved on the way to a run.
 */
export async function startRunInTx(
  tx: Prisma.TransactionClient,
  input: StartRunInput,
  known?: { version: KnownVersion; keyLocked: boolean },
): Promise<StartedRun> {
  const version =
    known?.version ??
    (await tx.automationVersion.findUnique({
      where: { id: input.versionId },
      select: { id: true, automationId: true, workspaceId: true },
    }));
  if (!version) throw new AppError("not_found", `Automation version ${input.versionId} not found`);
  if (input.triggerKey !== undefined && !known?.keyLocked) {
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
      triggerPayload: asJsonColumn(payload),
      triggerKind: input.triggerKind ?? "manual",
      triggerKey: input.triggerKey ?? null,
      startedAt: now,
    },
  });
  await tx.runGeneration.create({
    data: { runId: run.id, generation: 1, workspaceId: run.workspaceId, versionId: version.id },
  });
  // One statement for every node row, however large the graph (Prisma's createMany took
  // seconds for 10,000 nodes); the trigger node starts succeeded with the payload.
  await tx.$executeRawUnsafe(
    `INSERT INTO "NodeRun" (id, "workspaceId", "runId", "nodeId", state, output,
                            "startedAt", "endedAt", "updatedAt")
     SELECT gen_random_uuid()::text, $1, $2, node,
            CASE WHEN node = $4 THEN 'succeeded'::"NodeState" ELSE 'pending'::"NodeState" END,
            CASE WHEN node = $4 THEN $5::jsonb END,
            CASE WHEN node = $4 THEN ${ts(6)} END,
            CASE WHEN node = $4 THEN ${ts(6)} END,
            ${ts(6)}
     FROM unnest($3::text[]) AS node`,
    run.workspaceId,
    run.id,
    topo.graph.nodes.map((node) => node.id),
    topo.triggerId,
    JSON.stringify(payload),
    now.toISOString(),
  );
  const state: RunState = {};
  for (const node of topo.graph.nodes) {
    state[node.id] =
      node.id === topo.triggerId ? { state: "succeeded", output: payload } : { state: "pending" };
  }
  const locked = { run, topo, state };
  const decisions = decideReady(topo, state, { trigger: payload }, [topo.triggerId]);
  await commitDecisions(tx, locked, decisions, now);
  return { runId: run.id, created: true };
}
