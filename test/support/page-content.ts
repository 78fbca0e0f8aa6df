import type { PrismaClient } from "../../prisma/client";
import { decideApproval } from "../../worker/approvals/decide-approval";
import { saveAutomationVersion } from "../../worker/automations/save-version";
import { startRun } from "../../worker/runs/start-run";
import { graph, httpNode } from "./graphs";
import { waitForNodeState, waitForRow } from "./runs";

/**
 * Something on every page, for specs that look at all of them: one automation whose two
 * runs each have a failed branch ("Call missing", a 404 of `apiUrl`) beside an approval
 * gate ("Check", then "Ship" on `apiUrl`/ok). The first run's gate is left pending; the
 * second is approved, so that run ends and its report (with its Retry button) is mailed.
 */
export async function seedPageContent(
  prisma: PrismaClient,
  options: {
    apiUrl: string;
    owner: { userId: string; workspaceId: string };
    approver: string;
    automationName: string;
  },
) {
  const saved = await saveAutomationVersion(prisma, {
    workspaceId: options.owner.workspaceId,
    ownerId: options.owner.userId,
    automationName: options.automationName,
    graph: graph(
      [
        {
          id: "gate",
          type: "approval",
          name: "Check",
          approval: { approvers: [options.approver] },
        },
        httpNode("ship", `${options.apiUrl}/ok`, { name: "Ship" }),
        httpNode("broken", `${options.apiUrl}/missing`, {
          name: "Call missing",
          retry: { maxAttempts: 1 },
        }),
      ],
      [
        ["trigger", "gate"],
        ["gate", "ship"],
        ["trigger", "broken"],
      ],
    ),
  });
  const start = async () => {
    const { runId } = await startRun(prisma, {
      versionId: saved.versionId,
      ownerId: options.owner.userId,
      triggerPayload: { order: "A-17" },
    });
    await waitForNodeState(prisma, runId, "gate", ["waiting_approval"]);
    await waitForNodeState(prisma, runId, "broken", ["failed"], 60_000);
    return runId;
  };
  const pendingRunId = await start();
  const endedRunId = await start();
  const request = await waitForRow(
    () => prisma.approvalRequest.findFirst({ where: { runId: endedRunId } }),
    "the approval request",
  );
  await decideApproval(prisma, {
    requestId: request.id,
    actor: { workspaceId: options.owner.workspaceId, email: options.approver },
    channel: "inbox",
    decision: "approve",
    now: new Date(),
  });
  const report = await waitForRow(
    () => prisma.outboxEmail.findFirst({ where: { runId: endedRunId, kind: "run_report" } }),
    "the run report",
    60_000,
  );
  return { automationId: saved.automationId, pendingRunId, endedRunId, reportEmailId: report.id };
}
