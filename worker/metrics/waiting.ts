import type { PrismaClient } from "../../prisma/client";

export interface WaitingCounts {
  /** Approval requests nobody has decided yet (R9). */
  approvalsWaiting: number;
  /** Steps parked on a broken connection (R8). */
  connectionsWaiting: number;
  /** Steps waiting for capacity on a connection at its limits. */
  rateLimitWaiting: number;
  /** Worker processes with a recent heartbeat row. */
  workersAlive: number;
  runsRunning: number;
}

export async function readWaitingCounts(
  prisma: PrismaClient,
  workerDeadAfterMs: number,
): Promise<WaitingCounts> {
  const [approvalsWaiting, connectionsWaiting, rateLimitWaiting, workersAlive, runsRunning] =
    await Promise.all([
      prisma.approvalRequest.count({ where: { status: "pending" } }),
      prisma.nodeRun.count({ where: { state: "waiting_connection" } }),
      prisma.nodeRun.count({ where: { state: "waiting_rate_limit" } }),
      prisma.workerHeartbeat.count({
        where: { beatAt: { gt: new Date(Date.now() - workerDeadAfterMs) } },
      }),
      prisma.run.count({ where: { status: "running" } }),
    ]);
  return { approvalsWaiting, connectionsWaiting, rateLimitWaiting, workersAlive, runsRunning };
}
