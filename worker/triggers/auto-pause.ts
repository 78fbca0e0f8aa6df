import { render } from "@react-email/render";
import { createElement } from "react";
import type { Prisma, RunStatus } from "../../prisma/client";
import { enqueueEmail } from "../mail/outbox";
import { NoticeEmail } from "../mail/templates/notice";
import type { LockedRun } from "../runs/locked-run";
import { pauseAutomationInTx } from "./pause-automation";
import { triggerSettings } from "./trigger-settings";

type Tx = Prisma.TransactionClient;

/**
 * Counts the automation's streak of failed or partially succeeded runs as each run
 * ends (a success resets it; a cancel leaves it alone). At SWITCHYARD_AUTO_PAUSE_AFTER
 * in a row the automation is paused, so a broken automation stops firing at every event,
 * and its owner is told in the app and by email — all in the transaction that ends the run.
 */
export async function countRunForAutoPause(
  tx: Tx,
  locked: LockedRun,
  outcome: RunStatus,
  now: Date,
): Promise<void> {
  const automationId = locked.run.automationId;
  if (outcome === "succeeded") {
    await tx.automation.updateMany({
      where: { id: automationId, consecutiveFailures: { not: 0 } },
      data: { consecutiveFailures: 0 },
    });
    return;
  }
  if (outcome !== "failed" && outcome !== "partially_succeeded") return;
  // Runs of one automation settle concurrently; the increment is one atomic UPDATE.
  const automation = await tx.automation.update({
    where: { id: automationId },
    data: { consecutiveFailures: { increment: 1 } },
    include: { owner: true },
  });
  const limit = triggerSettings().autoPauseAfter;
  if (limit === 0 || automation.status === "paused" || automation.consecutiveFailures < limit)
    return;

  const reason = `Paused automatically after ${automation.consecutiveFailures} runs in a row failed or partially succeeded.`;
  await pauseAutomationInTx(tx, automationId, { reason, now });
  const title = `"${automation.name}" was paused`;
  const body = `${reason} Events arriving now are ${
    automation.queueWhilePaused ? "queued until you resume it" : "refused"
  }. Fix the cause (see the last run), then resume the automation.`;
  await tx.notification.create({
    data: {
      workspaceId: automation.workspaceId,
      userId: automation.ownerId,
      kind: "automation_paused",
      title,
      body,
      runId: locked.run.id,
    },
  });
  await enqueueEmail(
    tx,
    {
      workspaceId: automation.workspaceId,
      kind: "automation_paused",
      to: [automation.owner.email],
      subject: title,
      text: body,
      html: await render(createElement(NoticeEmail, { title, body })),
      runId: locked.run.id,
    },
    now,
  );
}
