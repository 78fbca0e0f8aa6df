import type { NodeState, PrismaClient, RunStatus } from "../../prisma/client";
import { planCancel } from "../engine/index";
import { AppError } from "../errors";
import { RUN_CANCEL_CHANNEL } from "../cancel-listener";
import { lockRun } from "./locked-run";

const OPEN_STATES: NodeState[] = [
  "pending",
  "queued",
  "running",
  "retrying",
  "waiting_approval",
  "waiting_connection",
  "waiting_rate_limit",
];

/**
 * R13: every non-terminal node becomes cancelled and the run ends cancelled.
 * Running attempts are told through NOTIFY (delivered on commit) and their
 * late results are discarded; queued jobs find their node cancelled.
 */
export async function cancelRun(
  prisma: PrismaClient,
  runId: string,
): Promise<{ status: RunStatus; cancelledNodes: string[] }> {
  return prisma.$transaction(async (tx) => {
    const locked = await lockRun(tx, runId);
    if (!locked) throw new AppError("not_found", `Run ${runId} not found`);
    if (locked.run.status !== "running") {
      return { status: locked.run.status, cancelledNodes: [] };
    }
    const now = new Date();
    const nodeIds = planCancel(locked.state);
    await tx.nodeRun.updateMany({
      where: { runId, nodeId: { in: nodeIds } },
      data: { state: "cancelled", endedAt: now },
    });
    // Inside for-each nodes: every open step of every item, and the items not yet ended.
    await tx.nodeRun.updateMany({
      where: { runId, item: { gte: 0 }, state: { in: OPEN_STATES } },
      data: { state: "cancelled", endedAt: now },
    });
    await tx.forEachItem.updateMany({
      where: { runId, state: { in: ["pending", "running"] } },
      data: { state: "cancelled", endedAt: now },
    });
    await tx.run.update({ where: { id: runId }, data: { status: "cancelled", endedAt: now } });
    await tx.$executeRaw`SELECT pg_notify(${RUN_CANCEL_CHANNEL}, ${runId})`;
    return { status: "cancelled", cancelledNodes: nodeIds };
  });
}
