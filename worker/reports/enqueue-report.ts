import type { Prisma, RunStatus } from "../../prisma/client";
import type { RunState } from "../engine/types";
import { loadMailConfig } from "../mail/mail-config";
import { enqueueEmail } from "../mail/outbox";
import type { LockedRun } from "../runs/locked-run";
import { buildReport, needsReport } from "./build-report";
import { reportHtml, reportSubject, reportText } from "./render-report";
import { linkSecret, signRetryToken } from "./retry-link";

/**
 * Called from onRunSettled, inside the transaction that ends the run: the
 * report email is committed with the outcome or not at all. Recipients are the
 * automation's report recipients, else the run's owner; with a digest window
 * the email waits and is merged with the automation's other reports.
 */
export async function enqueueRunReport(
  tx: Prisma.TransactionClient,
  locked: LockedRun,
  outcome: RunStatus,
  state: RunState,
  now: Date,
): Promise<void> {
  if (outcome === "cancelled" || !needsReport(outcome, state)) return;
  const { run } = locked;
  const [automation, attempts] = await Promise.all([
    tx.automation.findUniqueOrThrow({
      where: { id: run.automationId },
      include: { owner: { select: { email: true } } },
    }),
    tx.attempt.findMany({ where: { runId: run.id, generation: run.generation } }),
  ]);
  const runOwner = await tx.user.findUnique({
    where: { id: run.ownerId },
    select: { email: true },
  });
  const to = automation.reportRecipients.length
    ? automation.reportRecipients
    : [runOwner?.email ?? automation.owner.email];
  const config = loadMailConfig();
  const anyFailed = Object.values(state).some((s) => s.state === "failed");
  const retryUrl = anyFailed
    ? `${config.publicUrl}/r/retry/${signRetryToken(await linkSecret(), run.id, run.generation, now)}`
    : null;
  const report = buildReport({
    topo: locked.topo,
    state,
    attempts,
    run: {
      id: run.id,
      generation: run.generation,
      automationName: automation.name,
      outcome,
      endedAt: now,
    },
    runUrl: `${config.publicUrl}/runs/${run.id}`,
    retryUrl,
  });
  const digest = automation.reportDigestMinutes > 0;
  await enqueueEmail(
    tx,
    {
      workspaceId: run.workspaceId,
      kind: "run_report",
      to,
      subject: reportSubject(report),
      text: reportText(report),
      html: await reportHtml(report),
      runId: run.id,
      digestKey: digest ? `report:${automation.id}` : undefined,
      digestMinutes: digest ? automation.reportDigestMinutes : undefined,
    },
    now,
  );
}
