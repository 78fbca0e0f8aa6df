import type { Prisma } from "../../prisma/client";
import { findStep } from "../engine/index";
import { enqueueNodeJobs, groupField } from "../queue/node-job";
import { itemOf } from "./enter-waiting-connection";
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
    // Steps of for-each bodies wait like nodes of the graph: read the rows, not the graph.
    const rows = await tx.nodeRun.findMany({
      where: { runId, state: "waiting_connection", waitingConnectionId: connectionId },
    });
    if (rows.length === 0) continue;
    await tx.nodeRun.updateMany({
      where: { id: { in: rows.map((r) => r.id) } },
      data: { state: "queued", ...WAITING_FIELDS_CLEARED },
    });
    await enqueueNodeJobs(
      tx,
      rows.map((r) => ({
        runId,
        nodeId: r.nodeId,
        generation: r.generation,
        ...itemOf(r),
        ...groupField(findStep(locked.topo, r.nodeId)?.node),
      })),
    );
    resumed += rows.length;
  }
  return resumed;
}
