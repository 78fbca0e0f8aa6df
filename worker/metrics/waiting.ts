import type { PrismaClient } from "../../prisma/client";

export interface WaitingCounts {
  /** Approval requests nobody has decided yet (R9). */
  approvalsWaiting: number;
  /** Steps parked on a broken connection (R8). */
  connectionsWaiting: number;
  /** Worker processes with a recent heartbeat row. */
  workersAlive: number;
  runsRunning: number;
}

export async function readWaitingCounts(
  prisma: PrismaClient,
  workerDeadAfterMs: number,
): Promise<WaitingCounts> {
  const [approvalsWaiting, connectionsWaiting, workersAlive, runsRunning] = await Promise.all([
    prisma.approvalRequest.count({ where: { status: "pending" } }),
    prisma.nodeRun.count({ where: { state: "waiting_connection" } }),
    prisma.workerHeartbeat.count({
      where: { beatAt: { gt: new Date(Date.now() - workerDeadAfterMs) } },
    }),
    prisma.run.count({ where: { status: "running" } }),
  ]);
  return { approvalsWaiting, connectionsWaiting, workersAlive, runsRunning };
}
