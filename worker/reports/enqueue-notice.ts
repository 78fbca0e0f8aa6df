import type { Prisma } from "../../prisma/client";
import { loadMailConfig } from "../mail/mail-config";
import { loadItemFailures } from "./for-each-failures";
import { enqueueEmail } from "../mail/outbox";
import type { LockedRun } from "../runs/locked-run";
import { buildFailureNotice } from "./build-report";
import { reportAddressing } from "./enqueue-report";
import { noticeHtml, noticeSubject, noticeText } from "./render-notice";

/**
 * R14: a step failed for good while other parts of the run still run or wait. Called by
 * the run_failure_notice job once per generation; the email (to the report's recipients,
 * in its digest window) and the owner's in-app notification commit with that job's mark.
 */
export async function enqueueFailureNotice(
  tx: Prisma.TransactionClient,
  locked: LockedRun,
  now: Date,
): Promise<void> {
  const { run } = locked;
  const { automation, envelope } = await reportAddressing(tx, run);
  const attempts = await tx.attempt.findMany({
    where: { runId: run.id, generation: run.generation },
  });
  const notice = buildFailureNotice({
    topo: locked.topo,
    state: locked.state,
    attempts,
    run: { id: run.id, generation: run.generation, automationName: automation.name },
    itemFailures: await loadItemFailures(tx, run.id, locked.topo),
    runUrl: `${loadMailConfig().publicUrl}/runs/${run.id}`,
    at: now,
  });
  if (notice.failedBranches.length === 0) return; // the failed part was retried meanwhile
  const subject = noticeSubject(notice);
  const text = noticeText(notice);
  await tx.notification.create({
    data: {
      workspaceId: run.workspaceId,
      userId: run.ownerId,
      kind: "run_failure_notice",
      title: subject.replace(/^\[Switchyard\] /, ""),
      body: text,
      runId: run.id,
    },
  });
  await enqueueEmail(
    tx,
    { ...envelope, kind: "failure_notice", subject, text, html: await noticeHtml(notice) },
    now,
  );
}
