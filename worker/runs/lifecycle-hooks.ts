import type { Prisma, RunStatus } from "../../prisma/client";
import type { RunState } from "../engine/types";
import type { LockedRun } from "./locked-run";
import { enqueueRunReport } from "../reports/enqueue-report";
import { requestApproval } from "../approvals/request-approval";
import { countRunForAutoPause } from "../triggers/auto-pause";

type Tx = Prisma.TransactionClient;

// What else happens, in the same transaction, when a run reaches a milestone.
// Each consequence is one call here, implemented in its own module.

/** The run just ended with `outcome` (R11). */
export async function onRunSettled(
  tx: Tx,
  locked: LockedRun,
  outcome: RunStatus,
  state: RunState,
  now: Date,
): Promise<void> {
  await enqueueRunReport(tx, locked, outcome, state, now);
  await countRunForAutoPause(tx, locked, outcome, now);
}

/** An approval gate just started waiting (R9). */
export async function onApprovalGateReached(
  tx: Tx,
  locked: LockedRun,
  nodeId: string,
  now: Date,
): Promise<void> {
  await requestApproval(tx, locked, nodeId, now);
}
