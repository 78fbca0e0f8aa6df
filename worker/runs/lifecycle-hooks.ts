import type { Prisma, RunStatus } from "../../prisma/client";
import type { RunState } from "../engine/types";
import type { LockedRun } from "./locked-run";

type Tx = Prisma.TransactionClient;

// What else happens, in the same transaction, when a run reaches a milestone.
// Each consequence is one call here, implemented in its own module.

/** The run just ended with `outcome` (R11). */
export async function onRunSettled(
  _tx: Tx,
  _locked: LockedRun,
  _outcome: RunStatus,
  _state: RunState,
  _now: Date,
): Promise<void> {}

/** An approval gate just started waiting (R9). */
export async function onApprovalGateReached(
  _tx: Tx,
  _locked: LockedRun,
  _nodeId: string,
  _now: Date,
): Promise<void> {}
