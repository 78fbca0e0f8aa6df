import type { Prisma, Run, RunStatus } from "../../prisma/client";
import type { KeyRing } from "../connections/crypto";
import type { RunState } from "../engine/types";
import { hasFailure } from "../engine/index";
import { loadMailConfig } from "../mail/mail-config";
import { loadItemFailures } from "./for-each-failures";
import { enqueueEmail, type OutgoingEmail } from "../mail/outbox";
import { sealLinks, secretLink } from "../mail/secret-links";
import type { LockedRun } from "../runs/locked-run";
import { buildReport, needsReport } from "./build-report";
import { reportHtml, reportSubject, reportText } from "./render-report";
import { linkSecret, signRetryToken } from "./retry-link";

type Tx = Prisma.TransactionClient;

/**
 * Who a run's reports and failure notices go to, and how: the automation's report
 * recipients, else the run's owner; with a digest window the email waits and is merged
 * with the automation's other reports.
 */
export async function reportAddressing(tx: Tx, run: Run) {
  const automation = await tx.automation.findUniqueOrThrow({
    where: { id: run.automationId },
    include: { owner: { select: { email: true } } },
  });
  const runOwner = await tx.user.findUnique({
    where: { id: run.ownerId },
    select: { email: true },
  });
  const digest = automation.reportDigestMinutes > 0;
  const envelope: Pick<
    OutgoingEmail,
    "workspaceId" | "to" | "runId" | "digestKey" | "digestMinutes"
  > = {
    workspaceId: run.workspaceId,
    to: automation.reportRecipients.length
      ? automation.reportRecipients
      : [runOwner?.email ?? automation.owner.email],
    runId: run.id,
    digestKey: digest ? `report:${automation.id}` : undefined,
    digestMinutes: digest ? automation.reportDigestMinutes : undefined,
  };
  return { automation, envelope };
}

/**
 * Called by the run_settled job (enqueued by the transaction that ended the
 * run), once per generation: the report email commits with that job's mark.
 */
export async function enqueueRunReport(
  tx: Tx,
  ring: KeyRing,
  locked: LockedRun,
  outcome: RunStatus,
  state: RunState,
  now: Date,
): Promise<void> {
  if (outcome === "cancelled" || !needsReport(outcome, state)) return;
  const { run } = locked;
  const { automation, envelope } = await reportAddressing(tx, run);
  const attempts = await tx.attempt.findMany({
    where: { runId: run.id, generation: run.generation },
  });
  const config = loadMailConfig();
  const anyFailed = Object.values(state).some(hasFailure);
  // Kept out of the stored email like an approval link (secret-links.ts).
  const retry = anyFailed
    ? secretLink(
        `${config.publicUrl}/r/retry/${signRetryToken(await linkSecret(), run.id, run.generation, now)}`,
      )
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
    itemFailures: await loadItemFailures(tx, run.id, locked.topo),
    runUrl: `${config.publicUrl}/runs/${run.id}`,
    retryUrl: retry?.placeholder ?? null,
  });
  await enqueueEmail(
    tx,
    {
      ...envelope,
      kind: "run_report",
      subject: reportSubject(report),
      text: reportText(report),
      html: await reportHtml(report),
      sealedLinks: sealLinks(ring, retry ? [retry] : []),
    },
    now,
  );
}
