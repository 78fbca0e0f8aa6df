import type { Prisma } from "../../prisma/client";
import { applyDecisions, runOutcome, type Decision } from "../engine/index";
import type { RunState } from "../engine/types";
import { addJobsInTx } from "../queue/job-specs";
import { failureNoticeJob, gateReachedJob } from "../queue/lifecycle-jobs";
import {
  groupField,
  nodeJobSpecs,
  RUN_NODE_TASK,
  START_FOR_EACH_TASK,
} from "../queue/node-job";
import type { LockedRun } from "./locked-run";

/** What deciding needs of a locked run: the run, its topology and its nodes' states. */
export type RunSnapshot = Pick<LockedRun, "run" | "topo" | "state">;
import { writeDecisions } from "./store/decide-children";
import { settleRun as settleFromRows } from "./store/settle-run";
import { prismaSql } from "./store/sql";

type Tx = Prisma.TransactionClient;

/**
 * Persists the engine's decisions for a locked run (the app's and the worker's
 * slower paths: start, retry, approvals, connection deadlines), enqueues the
 * nodes it made ready and the gates it reached and, once every node is
 * terminal, records the run's outcome (R11) — all inside the caller's
 * transaction (R10). `nodeFailed`: the caller just failed a node for good; if the
 * run goes on, its failure notice is enqueued too (R14).
 */
export async function commitDecisions(
  tx: Tx,
  locked: RunSnapshot,
  decisions: readonly Decision[],
  now: Date,
  { nodeFailed = false }: { nodeFailed?: boolean } = {},
): Promise<RunState> {
  const { run } = locked;
  // One batched statement, the same the hot path uses (store/decide-children.ts).
  const written = await writeDecisions(prismaSql(tx), run.id, decisions, now);
  const moved = decisions.filter((d) => written.has(d.nodeId));
  const ref = (d: Decision) => ({
    runId: run.id,
    nodeId: d.nodeId,
    generation: written.get(d.nodeId)!,
  });
  await addJobsInTx(tx, [
    ...nodeJobSpecs(
      RUN_NODE_TASK,
      moved
        .filter((d) => d.kind === "run")
        .map((d) => ({
          ...ref(d),
          versionId: run.versionId,
          ...groupField(locked.topo.nodesById.get(d.nodeId)),
        })),
    ),
    ...nodeJobSpecs(
      START_FOR_EACH_TASK,
      moved
        .filter((d) => d.kind === "start_items")
        .map((d) => ({ ...ref(d), versionId: run.versionId })),
    ),
    ...moved.filter((d) => d.kind === "wait_approval").map((d) => gateReachedJob(ref(d))),
  ]);
  const state = applyDecisions(locked.state, decisions);
  const ended = await settleRun(tx, locked, state, now);
  if (nodeFailed && !ended && locked.run.status === "running") {
    await addJobsInTx(tx, [failureNoticeJob({ runId: run.id, generation: run.generation })]);
  }
  return state;
}

/**
 * Records the run's outcome once every node is terminal (R11); the run_settled job
 * follows. Returns whether every node is terminal.
 */
export async function settleRun(tx: Tx, locked: RunSnapshot, state: RunState, now: Date) {
  const outcome = runOutcome(locked.topo.graph, state);
  if (outcome === null) return false;
  if (locked.run.status === outcome) return true;
  // The outcome itself from the rows, for-each items included (the run store's count).
  await settleFromRows(prismaSql(tx), locked.run, locked.topo, now);
  return true;
}
