import type { Prisma } from "../../prisma/client";
import { applyDecisions, runOutcome, type Decision } from "../engine/index";
import type { RunState } from "../engine/types";
import { enqueueNodeJobs } from "../queue/node-job";
import { onApprovalGateReached, onRunSettled } from "./lifecycle-hooks";
import type { LockedRun } from "./locked-run";

type Tx = Prisma.TransactionClient;

/**
 * Persists the engine's decisions for a locked run, enqueues the nodes it made
 * ready and, once every node is terminal, records the run's outcome (R11) —
 * all inside the caller's transaction (R10).
 */
export async function commitDecisions(
  tx: Tx,
  locked: LockedRun,
  decisions: readonly Decision[],
  now: Date,
): Promise<RunState> {
  const { run, rows } = locked;
  const toEnqueue: { runId: string; nodeId: string; generation: number }[] = [];
  for (const decision of decisions) {
    const row = rows.get(decision.nodeId);
    if (!row) throw new Error(`Node ${decision.nodeId} has no row in run ${run.id}`);
    switch (decision.kind) {
      case "run":
        await tx.nodeRun.update({ where: { id: row.id }, data: { state: "queued" } });
        toEnqueue.push({ runId: run.id, nodeId: row.nodeId, generation: row.generation });
        break;
      case "skip":
        await tx.nodeRun.update({
          where: { id: row.id },
          data: {
            state: "skipped",
            reason: decision.reason,
            blockedBy: decision.blockedBy,
            rootCause: decision.rootCause,
            endedAt: now,
          },
        });
        break;
      case "succeed":
        await tx.nodeRun.update({
          where: { id: row.id },
          data: {
            state: "succeeded",
            output: decision.output as Prisma.InputJsonValue,
            startedAt: row.startedAt ?? now,
            endedAt: now,
          },
        });
        break;
      case "wait_approval":
        await tx.nodeRun.update({
          where: { id: row.id },
          data: { state: "waiting_approval", startedAt: now },
        });
        await onApprovalGateReached(tx, locked, row.nodeId, now);
        break;
    }
  }
  await enqueueNodeJobs(tx, toEnqueue);
  const state = applyDecisions(locked.state, decisions);
  await settleRun(tx, locked, state, now);
  return state;
}

/** Records the run's outcome once every node is terminal (R11). */
export async function settleRun(tx: Tx, locked: LockedRun, state: RunState, now: Date) {
  const outcome = runOutcome(locked.topo.graph, state);
  if (outcome === null || locked.run.status === outcome) return;
  await tx.run.update({
    where: { id: locked.run.id },
    data: { status: outcome, endedAt: now },
  });
  await onRunSettled(tx, locked, outcome, state, now);
}
