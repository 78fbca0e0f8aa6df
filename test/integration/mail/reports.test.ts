import { afterAll, beforeAll, expect, it } from "vitest";
import { startFakeApi, type FakeApi } from "../../fakes/fake-api";
import { createTestDatabase, type TestDatabase } from "../../support/database";
import { graph, httpNode } from "../../support/graphs";
import { startGraphRun, waitForRunEnd, waitForRunFollowUp } from "../../support/runs";
import { startSmtpCapture, type SmtpCapture } from "../../support/smtp-capture";
import { waitFor } from "../../support/wait-for";
import { spawnWorker, type WorkerProcess } from "../../support/worker-process";

// Per-branch failure reports ("Branches and reports", R11) through the real
// path: a worker process ends the run, the outbox row commits with the outcome,
// the send_email job hands it to a real SMTP server on loopback.
let db: TestDatabase;
let api: FakeApi;
let smtp: SmtpCapture;
let worker: WorkerProcess;
const publicUrl = "http://switchyard.test:3000";

beforeAll(async () => {
  [db, api, smtp] = await Promise.all([createTestDatabase(), startFakeApi(), startSmtpCapture()]);
  worker = await spawnWorker(db.url, { SMTP_URL: smtp.url, SWITCHYARD_PUBLIC_URL: publicUrl });
});

afterAll(async () => {
  await worker?.stop();
  await Promise.all([api?.close(), smtp?.close()]);
  await db?.drop();
});

const u = (path: string) => `${api.url}${path}`;
const threeBranches = (prefix: string) =>
  graph(
    [
      httpNode("notify", u("/echo"), { name: "Tell the team" }),
      httpNode("create_ticket", u(`/${prefix}/down`), { name: "Open a ticket" }),
      httpNode("assign_ticket", u("/echo"), { name: "Assign the ticket" }),
      httpNode("update_sheet", u("/echo"), { name: "Update the sheet" }),
    ],
    [
      ["trigger", "notify"],
      ["trigger", "create_ticket"],
      ["create_ticket", "assign_ticket"],
      ["trigger", "update_sheet"],
    ],
  );

it("a run with one branch failing after retries yields ONE report naming the failure, its attempts, what it blocked and what succeeded", async () => {
  api.script("/report/down", [{ status: 503, json: { error: "maintenance" } }]);
  const runId = await startGraphRun(db.prisma, threeBranches("report"));
  const run = await waitForRunEnd(db.prisma, runId);
  expect(run.status).toBe("partially_succeeded");

  await waitFor(() => smtp.messages.some((m) => m.text.includes(runId)), 15_000, "report email");
  // Nothing else arrives for this run (one report, not one per node or per attempt).
  await new Promise((r) => setTimeout(r, 1_000));
  const reports = smtp.messages.filter((m) => m.text.includes(runId));
  expect(reports).toHaveLength(1);
  const [report] = reports;
  expect(report!.to).toEqual(["local@switchyard.localhost"]);
  // R15: names and words, not ids or enum spellings.
  expect(report!.subject).toContain("run partly succeeded (Open a ticket failed)");
  const text = report!.text;
  expect(text).toContain("Branch Open a ticket: failed");
  expect(text).toMatch(/Open a ticket failed: the service had an error — /);
  expect(text).toContain("attempts: 3; last HTTP status: 503");
  expect(text).toContain("blocked: Assign the ticket");
  expect(text).toContain("succeeded despite it: Tell the team and Update the sheet");
  expect(text).toContain("Branch Tell the team: succeeded");
  expect(text).toContain("Branch Update the sheet: succeeded");
  expect(text).not.toMatch(/create_ticket|assign_ticket|partially_succeeded|http_5xx/);
  expect(text).toContain(`Run: ${publicUrl}/runs/${runId}`);
  expect(text).toMatch(new RegExp(`Retry failed part: ${publicUrl}/r/retry/[\\w-]+\\.[\\w-]+`));
  // The HTML (React Email) carries the same facts and both links.
  expect(report!.html).toContain("attempts: 3; last HTTP status: 503");
  expect(report!.html).toContain("blocked: Assign the ticket");
  const retryUrl = /Retry failed part: (\S+)/.exec(text)![1]!;
  expect(report!.html).toMatch(
    new RegExp(`<a href="${retryUrl}"[^>]*>(?:(?!</a>)[\\s\\S])*Retry failed part`),
  );
  expect(report!.html).toContain(`href="${publicUrl}/runs/${runId}"`);
  const row = await db.prisma.outboxEmail.findFirstOrThrow({
    where: { runId, kind: "run_report" },
  });
  expect(row.status).toBe("sent");
  expect(report!.messageId).toBe(row.messageId);
});

it("a digest window merges a burst of failing runs into one email", async () => {
  api.script("/digest/down", [{ status: 400, json: { error: "bad" } }]);
  const first = await startGraphRun(db.prisma, threeBranches("digest"));
  await waitForRunFollowUp(db.prisma, first);
  const { automationId } = await db.prisma.run.findUniqueOrThrow({ where: { id: first } });
  await db.prisma.automation.update({
    where: { id: automationId },
    data: { reportDigestMinutes: 5, reportRecipients: ["ops@example.com", "lead@example.com"] },
  });
  // The rest of the burst: same automation (same version), three more runs.
  const { startRun } = await import("../../../worker/runs/start-run");
  const { versionId, ownerId } = await db.prisma.run.findUniqueOrThrow({ where: { id: first } });
  const others = await Promise.all(
    [1, 2, 3].map(
      async () => (await startRun(db.prisma, { versionId, ownerId, triggerPayload: {} })).runId,
    ),
  );
  for (const id of others) await waitForRunFollowUp(db.prisma, id);

  // Reports only: a run whose ticket failed before its other branches finished also
  // sent a failure notice (R14), which waits in the same window.
  const rows = await db.prisma.outboxEmail.findMany({
    where: { digestKey: `report:${automationId}`, kind: "run_report" },
  });
  // The first run settled before the window was configured, so it was sent alone.
  expect(rows).toHaveLength(3);
  expect(new Set(rows.map((r) => r.sendAfter.toISOString())).size).toBe(1);
  expect(rows.map((r) => [r.status, r.lastError])).toEqual(rows.map(() => ["pending", null]));
  expect(smtp.messages.filter((m) => others.some((id) => m.text.includes(id)))).toHaveLength(0);

  // Close the window now instead of waiting five minutes: the job is due.
  await db.prisma.$executeRaw`
    UPDATE graphile_worker._private_jobs SET run_at = now()
    WHERE key LIKE ${`send_email:digest:report:${automationId}:%`}`;
  await waitFor(
    () => smtp.messages.some((m) => others.every((id) => m.text.includes(id))),
    15_000,
    "digest email",
  );
  const digests = smtp.messages.filter((m) => others.some((id) => m.text.includes(id)));
  expect(digests).toHaveLength(1);
  expect(digests[0]!.to.sort()).toEqual(["lead@example.com", "ops@example.com"]);
  // The three reports, and the notices of those runs whose ticket failed while another
  // branch still ran (which ones depends on timing): each email of the window, once.
  const inWindow = await db.prisma.outboxEmail.count({
    where: { digestKey: `report:${automationId}` },
  });
  expect(inWindow - rows.length).toBeLessThanOrEqual(others.length);
  expect(digests[0]!.text).toContain(`${inWindow} reports were collected`);
  // Bookkeeping commits right after the server's 250.
  await waitFor(
    async () =>
      (await db.prisma.outboxEmail.count({
        where: { digestKey: `report:${automationId}`, status: "sent" },
      })) === inWindow,
    5_000,
    "digest rows marked sent",
  );
});
