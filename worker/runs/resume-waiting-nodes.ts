import type { Prisma } from "../../prisma/client";
import { enqueueNodeJobs } from "../queue/node-job";
import { lockRun } from "./locked-run";

type Tx = Prisma.TransactionClient;

const WAITING_FIELDS_CLEARED = {
  waitingConnectionId: null,
  waitingSince: null,
  waitDeadlineAt: null,
};

/**
 * R8: a repaired connection resumes every step waiting for it, in the caller's
 * transaction (the one that marks the connection connected again).
 */
export async function resumeWaitingNodes(tx: Tx, connectionId: string): Promise<number> {
  const waiting = await tx.nodeRun.findMany({
    where: { waitingConnectionId: connectionId, state: "waiting_connection" },
    select: { runId: true },
    distinct: ["runId"],
    orderBy: { runId: "asc" }, // a stable lock order across concurrent callers
  });
  let resumed = 0;
  for (const { runId } of waiting) {
    const locked = await lockRun(tx, runId);
    if (!locked) continue;
    const rows = [...locked.rows.values()].filter(
      (r) => r.state === "waiting_connection" && r.waitingConnectionId === connectionId,
    );
    if (rows.length === 0) continue;
    await tx.nodeRun.updateMany({
      where: { id: { in: rows.map((r) => r.id) } },
      data: { state: "queued", ...WAITING_FIELDS_CLEARED },
    });
    await enqueueNodeJobs(
      tx,
      rows.map((r) => ({ runId, nodeId: r.nodeId, generation: r.generation })),
    );
    resumed += rows.length;
  }
  return resumed;
}
