import type { ApprovalRequest, Prisma } from "../../prisma/client";
import { decideReady } from "../engine/index";
import { AppError } from "../errors";
import { commitDecisions } from "../runs/commit-decisions";
import type { LockedRun } from "../runs/locked-run";

export interface GateDecision {
  status: "approved" | "rejected" | "expired";
  /** What the gate becomes: approve → succeeded, reject (or expiry under "reject") → rejected. */
  gate: "succeeded" | "rejected";
  decidedBy: string;
  comment: string | null;
  channel: "email" | "inbox" | "api" | "expiry";
}

/**
 * Records a decision and moves the run on, under the run lock the caller took
 * (R9 + R10): the request is decided once, the gate ends, and the engine
 * decides its children — dependent ones skipped with the gate as root cause
 * on a rejection, independent ones run — in the caller's transaction.
 */
export async function settleGate(
  tx: Prisma.TransactionClient,
  locked: LockedRun,
  request: ApprovalRequest,
  decision: GateDecision,
  now: Date,
): Promise<ApprovalRequest> {
  if (request.status !== "pending") {
    const when = request.decidedAt?.toISOString() ?? "?";
    throw new AppError(
      "conflict",
      `This request was already ${request.status} by ${request.decidedBy ?? "?"} at ${when}.`,
    );
  }
  const row = locked.rows.get(request.nodeId);
  if (!row || row.state !== "waiting_approval" || row.generation !== request.generation) {
    throw new AppError(
      "conflict",
      "The run is no longer waiting for this approval (it was cancelled or retried).",
    );
  }
  const decided = await tx.approvalRequest.update({
    where: { id: request.id },
    data: {
      status: decision.status,
      decidedAt: now,
      decidedBy: decision.decidedBy,
      comment: decision.comment,
      channel: decision.channel,
    },
  });
  const output = { decision: decision.status, by: decision.decidedBy, comment: decision.comment };
  await tx.nodeRun.update({
    where: { id: row.id },
    data: {
      state: decision.gate,
      output: decision.gate === "succeeded" ? output : undefined,
      endedAt: now,
    },
  });
  const state = {
    ...locked.state,
    [row.nodeId]: {
      state: decision.gate,
      output: decision.gate === "succeeded" ? output : undefined,
    },
  };
  const decisions = decideReady(locked.topo, state, { trigger: locked.run.triggerPayload }, [
    row.nodeId,
  ]);
  await commitDecisions(tx, { ...locked, state }, decisions, now);
  return decided;
}
