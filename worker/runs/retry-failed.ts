import { Prisma, type PrismaClient } from "../../prisma/client";
import {
  applyReplay,
  decideReady,
  planReplay,
  planVersionReplay,
  type Topology,
  type VersionReplayPlan,
} from "../engine/index";
import type { RunState } from "../engine/types";
import { AppError } from "../errors";
import { commitDecisions } from "./commit-decisions";
import { lockRun, topologyForVersion, type LockedRun } from "./locked-run";
import { ts } from "./store/sql";

type Tx = Prisma.TransactionClient;

export interface RetryStarted {
  generation: number;
  /** The nodes that run in the new generation. */
  reset: string[];
  /** The version the new generation runs on. */
  versionNumber: number;
}

/**
 * R12: starts generation g+1 of an ended run on its version. Failed nodes and the nodes
 * skipped because of them go back to pending; succeeded nodes keep their outputs and
 * never run again. Earlier generations' attempts stay in history.
 */
export function retryFailed(
  prisma: PrismaClient,
  runId: string,
  options: { requestApprovalAgain?: boolean } = {},
): Promise<RetryStarted> {
  return prisma.$transaction(async (tx) => {
    const locked = await lockEndedRun(tx, runId);
    const { reset } = planReplay(locked.topo, locked.state, options);
    if (reset.length === 0) {
      throw new AppError("conflict", "This run has nothing to retry: no step failed.");
    }
    return startGeneration(
      tx,
      locked,
      { versionId: locked.run.versionId, topo: locked.topo },
      reset,
    );
  });
}

/**
 * "Retry on the latest version": generation g+1 of an ended run on its automation's
 * newest version, for when the user fixed a step. Unchanged successes are kept (the
 * plan says which and why, engine/version-replay.ts); every other node of that version
 * runs. The generation records the version and the plan, for the run page.
 */
export function retryOnLatestVersion(prisma: PrismaClient, runId: string): Promise<RetryStarted> {
  return prisma.$transaction(async (tx) => {
    const locked = await lockEndedRun(tx, runId);
    const latest = await tx.automationVersion.findFirstOrThrow({
      where: { automationId: locked.run.automationId },
      orderBy: { number: "desc" },
      select: { id: true, number: true },
    });
    if (latest.id === locked.run.versionId) {
      throw new AppError(
        "conflict",
        `This run already ran on the latest version (version ${latest.number}): use "Retry failed part", or save a fixed version first.`,
      );
    }
    const topo = await topologyForVersion(tx, latest.id);
    const plan = planVersionReplay(locked.topo, locked.state, topo);
    if (plan.rerun.length === 0) {
      throw new AppError(
        "conflict",
        `Nothing to run on version ${latest.number}: every step is unchanged and succeeded already.`,
      );
    }
    const reset = plan.rerun.map((r) => r.nodeId);
    return startGeneration(tx, locked, { versionId: latest.id, topo, plan }, reset);
  });
}

async function lockEndedRun(tx: Tx, runId: string): Promise<LockedRun> {
  const locked = await lockRun(tx, runId);
  if (!locked) throw new AppError("not_found", `Run ${runId} not found`);
  if (locked.run.status === "running") {
    throw new AppError("conflict", "This run is still running; retry it once it has ended.");
  }
  return locked;
}

/**
 * Moves the run to generation g+1 on `version`: the `reset` nodes go back to pending
 * (rows are added for nodes new to the run), the generation is recorded, and the nodes
 * that makes ready are enqueued — in the caller's transaction, under the run lock.
 */
async function startGeneration(
  tx: Tx,
  locked: LockedRun,
  version: { versionId: string; topo: Topology; plan?: VersionReplayPlan },
  reset: string[],
): Promise<RetryStarted> {
  const runId = locked.run.id;
  const generation = locked.run.generation + 1;
  const now = new Date();
  const added = reset.filter((id) => !locked.rows.has(id));
  await tx.nodeRun.updateMany({
    where: { runId, nodeId: { in: reset.filter((id) => locked.rows.has(id)) } },
    data: {
      state: "pending",
      reason: null,
      blockedBy: [],
      rootCause: [],
      output: Prisma.DbNull,
      currentAttemptId: null,
      attemptCount: 0, // attempts are numbered from 1 in each generation
      startedAt: null,
      endedAt: null,
      generation,
    },
  });
  if (added.length > 0) {
    await tx.$executeRawUnsafe(
      `INSERT INTO "NodeRun" (id, "workspaceId", "runId", "nodeId", generation, "updatedAt")
       SELECT gen_random_uuid()::text, $1, $2, node, $4, ${ts(5)} FROM unnest($3::text[]) AS node`,
      locked.run.workspaceId,
      runId,
      added,
      generation,
      now.toISOString(),
    );
  }
  const run = await tx.run.update({
    where: { id: runId },
    data: { generation, status: "running", endedAt: null, versionId: version.versionId },
  });
  const recorded = await tx.runGeneration.create({
    data: {
      runId,
      generation,
      workspaceId: run.workspaceId,
      versionId: version.versionId,
      plan: version.plan ? (version.plan as unknown as Prisma.InputJsonValue) : Prisma.DbNull,
      startedAt: now,
    },
    select: { version: { select: { number: true } } },
  });
  // Only the nodes of the version the run now runs on; a node the version dropped keeps
  // its row and attempts as history.
  const current: RunState = Object.fromEntries(
    version.topo.order.map((id) => [id, locked.state[id] ?? { state: "pending" }]),
  );
  const state = applyReplay(current, reset);
  const decisions = decideReady(version.topo, state, { trigger: run.triggerPayload });
  await commitDecisions(tx, { run, topo: version.topo, state }, decisions, now);
  return { generation, reset, versionNumber: recorded.version.number };
}
