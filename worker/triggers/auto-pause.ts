import type { Prisma, RunStatus } from "../../prisma/client";
import { summarizeBranches } from "../engine/index";
import { listWords, stepNames } from "../names";
import { tellOwner } from "../mail/tell-owner";
import type { LockedRun } from "../runs/locked-run";
import { pauseAutomationInTx } from "./pause-automation";
import { triggerSettings } from "./trigger-settings";

type Tx = Prisma.TransactionClient;

/**
 * R16: counts the automation's streak of failed runs as each run ends, once per run, by
 * its first generation's outcome (a retry of the failed part is not a new run). Only a
 * run where no action succeeded counts; a success resets the streak; a partial success
 * or a cancel leaves it alone. At SWITCHYARD_AUTO_PAUSE_AFTER in a row the automation is
 * paused, so a broken automation stops firing at every event, and its owner is told in
 * the app and by email, naming the branch that failed — in the run_settled job's transaction.
 */
export async function countRunForAutoPause(
  tx: Tx,
  locked: LockedRun,
  outcome: RunStatus,
  now: Date,
): Promise<void> {
  if (locked.run.generation !== 1) return;
  const automationId = locked.run.automationId;
  if (outcome === "succeeded") {
    await tx.automation.updateMany({
      where: { id: automationId, consecutiveFailures: { not: 0 } },
      data: { consecutiveFailures: 0 },
    });
    return;
  }
  if (outcome !== "failed") return;
  // Runs of one automation settle concurrently; the increment is one atomic UPDATE.
  const automation = await tx.automation.update({
    where: { id: automationId },
    data: { consecutiveFailures: { increment: 1 } },
    include: { owner: true },
  });
  const limit = triggerSettings().autoPauseAfter;
  if (limit === 0 || automation.status === "paused" || automation.consecutiveFailures < limit)
    return;

  const reason = `Paused automatically after ${automation.consecutiveFailures} runs in a row failed.`;
  await pauseAutomationInTx(tx, automationId, { reason, now });
  const title = `"${automation.name}" was paused`;
  const body = [
    reason,
    failingBranchesWords(locked),
    `Events arriving now are ${automation.queueWhilePaused ? "queued until you resume it" : "refused"}.`,
    "Fix the cause (see the last run), then resume the automation.",
  ]
    .filter(Boolean)
    .join(" ");
  await tellOwner(
    tx,
    {
      workspaceId: automation.workspaceId,
      owner: automation.owner,
      kind: "automation_paused",
      title,
      body,
      runId: locked.run.id,
    },
    now,
  );
}

/** "In the last run, the branch Call billing API failed at Charge card." */
function failingBranchesWords(locked: LockedRun): string {
  const name = stepNames(locked.topo.graph);
  const failed = summarizeBranches(locked.topo, locked.state).filter((b) => b.status === "failed");
  if (failed.length === 0) return "";
  const branches = failed.map((b) => {
    const at = b.failures.map((f) => f.nodeId).filter((id) => id !== b.rootNodeId);
    return at.length ? `${name(b.rootNodeId)} (at ${listWords(at.map(name))})` : name(b.rootNodeId);
  });
  return `In the last run, the branch${branches.length > 1 ? "es" : ""} ${listWords(branches)} failed.`;
}
