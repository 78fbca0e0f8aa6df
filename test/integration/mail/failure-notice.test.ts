import { afterAll, beforeAll, expect, it } from "vitest";
import { decideApproval } from "../../../worker/approvals/decide-approval";
import { ensureLocalOwner } from "../../../worker/automations/ensure-local-owner";
import { startFakeApi, type FakeApi } from "../../fakes/fake-api";
import { createTestDatabase, type TestDatabase } from "../../support/database";
import { graph, httpNode } from "../../support/graphs";
import {
  startGraphRun,
  waitForNodeState,
  waitForRow,
  waitForRunFollowUp,
} from "../../support/runs";
import { startSmtpCapture, type SmtpCapture } from "../../support/smtp-capture";
import { waitFor } from "../../support/wait-for";
import { spawnWorker, type WorkerProcess } from "../../support/worker-process";

// R14 through the real path: a worker process records a failure for good while another
// branch waits at an approval gate; the notice reaches a real SMTP server at once, before
// anyone decides, and the per-branch report follows the decision. R15: both read names.
let db: TestDatabase;
let api: FakeApi;
let smtp: SmtpCapture;
let worker: WorkerProcess;
const ME = "local@switchyard.localhost";

beforeAll(async () => {
  [db, api, smtp] = await Promise.all([createTestDatabase(), startFakeApi(), startSmtpCapture()]);
  worker = await spawnWorker(db.url, { SMTP_URL: smtp.url });
});

afterAll(async () => {
  await worker?.stop();
  await Promise.all([api?.close(), smtp?.close()]);
  await db?.drop();
});

const u = (path: string) => `${api.url}${path}`;
const mailsOf = (runId: string) => smtp.messages.filter((m) => m.text.includes(runId));

it("two branches fail while a third waits for approval: one notice at once, the report after the decision", async () => {
  // 400 is permanent: each failing step fails at its first attempt. The CRM answers a
  // little later, so which failure comes first does not depend on the machine's load.
  api.script("/notice/billing", [{ status: 400, json: { error: "card declined" } }]);
  api.script("/notice/crm", [{ status: 400, json: { error: "unknown contact" }, delayMs: 3_000 }]);
  const runId = await startGraphRun(
    db.prisma,
    graph(
      [
        httpNode("step_1", u("/notice/billing"), { name: "Call billing API" }),
        httpNode("step_2", u("/echo"), { name: "Send the receipt" }),
        httpNode("step_3", u("/notice/crm"), { name: "Update the CRM" }),
        {
          id: "approval_7",
          type: "approval",
          name: "Approve big orders",
          approval: { message: "Big order {{ trigger.orderId }}" },
        },
        httpNode("step_5", u("/echo"), {
          name: "Ship the order",
          input: { method: "POST", url: u("/echo"), body: { order: "{{ trigger.orderId }}" } },
        }),
      ],
      [
        ["trigger", "step_1"],
        ["step_1", "step_2"],
        ["trigger", "step_3"],
        ["trigger", "approval_7"],
        ["approval_7", "step_5"],
      ],
    ),
    { orderId: "A-17" },
  );

  await waitFor(
    () => mailsOf(runId).some((m) => m.subject.includes("the run goes on")),
    15_000,
    "failure notice",
  );
  // At once: seconds after the failure, not when the run ends.
  const arrived = Date.now();
  const failedAt = await db.prisma.attempt.findFirstOrThrow({
    where: { runId, nodeId: "step_1" },
  });
  expect(arrived - failedAt.endedAt!.getTime()).toBeLessThan(5_000);
  // Sent while the gate still waits: nobody has decided anything yet.
  const request = await db.prisma.approvalRequest.findFirstOrThrow({ where: { runId } });
  expect(request.status).toBe("pending");
  expect((await db.prisma.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("running");

  const notice = mailsOf(runId).find((m) => m.subject.includes("the run goes on"))!;
  expect(notice.to).toEqual([ME]);
  expect(notice.subject).toContain("Call billing API");
  expect(notice.text).toContain("Call billing API failed: the service refused the request");
  expect(notice.text).toContain("blocked: Send the receipt");
  expect(notice.text).toContain("Update the CRM: running");
  expect(notice.text).toContain("Approve big orders: waiting for approval");
  expect(notice.text).toContain("report follows when the run ends");
  expect(notice.html).toContain("Approve big orders: waiting for approval");
  const owner = await ensureLocalOwner(db.prisma);
  const inApp = await db.prisma.notification.findMany({
    where: { runId, kind: "run_failure_notice" },
  });
  expect(inApp.map((n) => n.userId)).toEqual([owner.userId]);
  expect(inApp[0]!.title).toContain("the run goes on");

  // The approval email: the gate's message filled in with the run's data, names in the subject.
  const asked = mailsOf(runId).find((m) => m.subject.includes("Approval needed"));
  expect(asked?.subject).toContain("(Approve big orders)");
  expect(asked?.text).toContain("Big order A-17");
  expect(request.message).toBe("Big order A-17");

  // The second failure joins no second notice; the report names both.
  await waitForNodeState(db.prisma, runId, "step_3", ["failed"]);
  await decideApproval(db.prisma, {
    requestId: request.id,
    actor: { workspaceId: owner.workspaceId, email: ME },
    channel: "api",
    decision: "approve",
    now: new Date(),
  });
  const run = await waitForRunFollowUp(db.prisma, runId);
  expect(run.status).toBe("partially_succeeded");
  await waitFor(
    () => mailsOf(runId).some((m) => m.subject.includes("partly succeeded")),
    15_000,
    "report",
  );
  const report = mailsOf(runId).find((m) => m.subject.includes("partly succeeded"))!;
  expect(report.subject).toContain("Call billing API and Update the CRM failed");
  expect(report.text).toContain("Branch Call billing API: failed");
  expect(report.text).toContain("Branch Approve big orders: succeeded");

  // Both failures, one notice (at most one per generation); R15 throughout.
  await new Promise((r) => setTimeout(r, 500));
  expect(await db.prisma.outboxEmail.count({ where: { runId, kind: "failure_notice" } })).toBe(1);
  for (const mail of mailsOf(runId)) {
    for (const body of [mail.subject, mail.text]) {
      expect(body).not.toMatch(/\b(step_\d|approval_7|partially_succeeded|http_4xx)\b/);
      expect(body).not.toMatch(/\(R\d+\)/);
    }
  }
});

it("a run that fails and ends at the same moment sends only the report", async () => {
  api.script("/notice/alone", [{ status: 400 }]);
  const runId = await startGraphRun(
    db.prisma,
    graph(
      [
        httpNode("quick", u("/echo"), { name: "Say hello" }),
        httpNode("slow_fail", u("/notice/alone"), {
          name: "Call billing API",
          retry: { maxAttempts: 2, initialDelayMs: 300 },
        }),
      ],
      [
        ["trigger", "quick"],
        ["trigger", "slow_fail"],
      ],
    ),
  );
  // The sibling ended first: the failure is the run's last step, so the run ends with it.
  const run = await waitForRunFollowUp(db.prisma, runId);
  expect(run.status).toBe("partially_succeeded");
  await waitForRow(
    () => db.prisma.outboxEmail.findFirst({ where: { runId, kind: "run_report", status: "sent" } }),
    "report sent",
  );
  await new Promise((r) => setTimeout(r, 1_000));
  expect(await db.prisma.outboxEmail.count({ where: { runId, kind: "failure_notice" } })).toBe(0);
  expect(await db.prisma.notification.count({ where: { runId } })).toBe(0);
  const mails = mailsOf(runId);
  expect(mails).toHaveLength(1);
  expect(mails[0]!.subject).toMatch(/: run partly succeeded \(Call billing API failed\)$/);
});
