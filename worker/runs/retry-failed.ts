import { Prisma, type PrismaClient } from "../../prisma/client";
import { applyReplay, decideReady, planReplay } from "../engine/index";
import { AppError } from "../errors";
import { commitDecisions } from "./commit-decisions";
import { lockRun } from "./locked-run";

/**
 * R12: starts generation g+1 of an ended run. Failed nodes and the nodes
 * skipped because of them go back to pending; succeeded nodes keep their
 * outputs and never run again. Earlier generations' attempts stay in history.
 */
export async function retryFailed(
  prisma: PrismaClient,
  runId: string,
  options: { requestApprovalAgain?: boolean } = {},
): Promise<{ generation: number; reset: string[] }> {
  return prisma.$transaction(async (tx) => {
    const locked = await lockRun(tx, runId);
    if (!locked) throw new AppError("not_found", `Run ${runId} not found`);
    if (locked.run.status === "running") {
      throw new AppError("conflict", `Run ${runId} is still running; retry it once it has ended`);
    }
    const { reset } = planReplay(locked.topo, locked.state, options);
    if (reset.length === 0) {
      throw new AppError("conflict", `Run ${runId} has nothing to retry: no node failed`);
    }
    const generation = locked.run.generation + 1;
    const now = new Date();
    await tx.nodeRun.updateMany({
      where: { runId, nodeId: { in: reset } },
      data: {
        state: "pending",
        reason: null,
        blockedBy: [],
        rootCause: [],
        output: Prisma.DbNull,
        currentAttemptId: null,
        startedAt: null,
        endedAt: null,
        generation,
      },
    });
    const run = await tx.run.update({
      where: { id: runId },
      data: { generation, status: "running", endedAt: null },
    });
    const rows = await tx.nodeRun.findMany({ where: { runId } });
    const state = applyReplay(locked.state, reset);
    const decisions = decideReady(locked.topo, state, { trigger: run.triggerPayload });
    await commitDecisions(
      tx,
      { run, topo: locked.topo, rows: new Map(rows.map((r) => [r.nodeId, r])), state },
      decisions,
      now,
    );
    return { generation, reset };
  });
}
