import { expect, it } from "vitest";
import type { GraphNode } from "../../worker/engine/types";
import { ownerOf, signUpInBrowser } from "../support/accounts";
import { screenshot } from "../support/browser";
import { graph, httpNode } from "../support/graphs";
import { startGraphRun, waitForNodeState, waitForRunEnd } from "../support/runs";
import { waitFor } from "../support/wait-for";
import { asDelivered } from "../support/outbox";
import { useSpecWorld } from "../support/spec-world";

// R9 as an approver meets it, in Debian's Chromium: the emailed link (read from
// the local mailbox the worker delivered it to, no SMTP_URL) opens a
// confirmation page with the preview; only the Approve button's POST decides.
// Expired, reused and forged links get a clear refusal. A signed-in member
// rejects from the inbox.
const world = useSpecWorld({ fakeApi: true });

/**
 * trigger → gate → ship (dependent) and gate → log (independent): a rejection
 * skips the shipment but not the log line.
 */
async function gatedRun(
  approval: GraphNode["approval"],
  owner?: { userId: string; workspaceId: string },
) {
  const runId = await startGraphRun(
    world.db.prisma,
    graph(
      [
        { id: "gate", type: "approval", approval },
        httpNode("ship", `${world.api.url}/ship`, {
          input: {
            method: "POST",
            url: `${world.api.url}/ship`,
            headers: { Authorization: "Bearer secret-xyz" },
            body: { order: "{{ trigger.order }}" },
          },
        }),
        httpNode("log", `${world.api.url}/log`),
      ],
      [
        ["trigger", "gate"],
        ["gate", "ship"],
        ["gate", "log", "independent"],
      ],
    ),
    { order: "A-17" },
    owner,
  );
  await waitForNodeState(world.db.prisma, runId, "gate", ["waiting_approval"]);
  const where = { runId, kind: "approval_request", status: "sent" as const };
  await waitFor(
    async () => (await world.db.prisma.outboxEmail.count({ where })) > 0,
    10_000,
    "approval email",
  );
  const email = await world.db.prisma.outboxEmail.findFirstOrThrow({ where });
  const link = /(http:\/\/\S+\/approvals\/t\/[\w-]+)/.exec(asDelivered(email).text)![1]!;
  return { runId, link };
}

it("the approver opens the emailed link, sees the preview, approves, and the gated action runs; a GET alone decides nothing", async () => {
  world.api.script("/ship", [{ json: { shipped: true } }]);
  world.api.script("/log", [{ json: { ok: true } }]);
  const { runId, link } = await gatedRun({
    approvers: ["approver@example.com"],
    message: "Ship A-17?",
  });
  expect(link).toContain(`${world.web.url}/approvals/t/`);

  // A mail scanner following the link: a plain GET, twice.
  expect((await fetch(link)).status).toBe(200);
  expect((await fetch(link)).status).toBe(200);

  const page = await world.browser.newPage();
  await page.goto(link, { timeout: 90_000 });
  await page.getByRole("heading", { name: "Approval request" }).waitFor();
  const preview = page.locator('[data-held-action="ship"]');
  await expect(preview.textContent()).resolves.toContain('"order": "A-17"');
  await expect(preview.textContent()).resolves.toContain("[redacted]");
  expect(await page.content()).not.toContain("secret-xyz");
  await screenshot(page, "approval-link");
  // Neither the scanner nor the page view decided anything.
  expect(
    (await world.db.prisma.approvalRequest.findFirstOrThrow({ where: { runId } })).status,
  ).toBe("pending");
  expect(world.api.requestsTo("/ship")).toHaveLength(0);

  await page.getByLabel("Comment (optional)").fill("Looks right");
  await page.getByRole("button", { name: "Approve" }).click();
  // The POST's redirect lands back on the link, now spent. (Waiting on the database
  // rather than the page: the shared dev server may reload while others edit files.)
  await waitFor(
    async () =>
      (await world.db.prisma.approvalRequest.findFirstOrThrow({ where: { runId } })).status !==
      "pending",
    60_000,
    "the decision is recorded",
  );

  const run = await waitForRunEnd(world.db.prisma, runId);
  expect(run.status).toBe("succeeded");
  expect(run.node("ship").state).toBe("succeeded");
  expect(world.api.requestsTo("/ship")).toHaveLength(1);
  const request = await world.db.prisma.approvalRequest.findFirstOrThrow({ where: { runId } });
  expect(request).toMatchObject({ status: "approved", comment: "Looks right", channel: "email" });

  // Reused: opening the link again is refused, and so is a replayed POST.
  await page.goto(link);
  const refusal = await page.getByRole("status").textContent();
  // It says what the approver decided, not merely that the link is spent.
  expect(refusal).toMatch(
    /This request was approved by you at \S+ from the email link, with the comment “Looks right”/,
  );
  await screenshot(page, "approval-link-used");
  await page.close();
}, 180_000);

it("a member rejects from the inbox: the gated action is skipped, the independent sibling runs", async () => {
  world.api.script("/log", [{ json: { ok: true } }]);
  const page = await world.browser.newPage();
  const email = "rita@example.test";
  await signUpInBrowser(page, world.web.url, { name: "Rita", email, password: "a long password" });
  const { runId } = await gatedRun(
    { approvers: [email], message: "Ship A-17 for Rita?" },
    await ownerOf(world.db.prisma, email),
  );
  const shipsBefore = world.api.requestsTo("/ship").length;

  await page.goto(`${world.web.url}/approvals`);
  const request = page.locator("[data-approval-request]", { hasText: "Ship A-17 for Rita?" });
  await expect(request.locator('[data-held-action="ship"]').textContent()).resolves.toContain(
    '"order": "A-17"',
  );
  await screenshot(page, "approvals-inbox");
  await request.getByLabel("Comment").fill("Not this one");
  await request.getByRole("button", { name: "Reject" }).click();
  await page.getByRole("status").waitFor();

  const run = await waitForRunEnd(world.db.prisma, runId);
  expect(run.node("gate").state).toBe("rejected");
  expect(run.node("ship").state).toBe("skipped");
  expect(run.node("log").state).toBe("succeeded");
  expect(world.api.requestsTo("/ship")).toHaveLength(shipsBefore);
  expect(
    await world.db.prisma.approvalRequest.findFirstOrThrow({ where: { runId } }),
  ).toMatchObject({
    status: "rejected",
    comment: "Not this one",
    channel: "inbox",
  });

  // The decision shows on the run page; the report of the rejection is in the mailbox.
  await page.goto(`${world.web.url}/runs/${runId}`);
  await expect(page.locator("body").textContent()).resolves.toContain("Not this one");
  await screenshot(page, "run-rejected");
  await page.goto(`${world.web.url}/mailbox`);
  await page.locator("td", { hasText: email }).first().waitFor();
  await screenshot(page, "mailbox");

  // The automation page: the gate's record counts the rejection, and the report
  // settings form refuses a bad address inline, then saves.
  const { automationId } = await world.db.prisma.run.findUniqueOrThrow({ where: { id: runId } });
  await page.goto(`${world.web.url}/automations/${automationId}`);
  const record = page.locator('[data-gate-record="gate"]');
  await record.waitFor();
  await expect(record.locator('[data-count="rejected"]').textContent()).resolves.toBe("1");
  await expect(record.locator('[data-count="approved"]').textContent()).resolves.toBe("0");
  await expect(record.locator("[data-median-wait]").textContent()).resolves.toMatch(
    /^median wait \d+ (s|min)$/,
  );
  expect(await record.locator("[data-retire-hint]").count()).toBe(0);

  const recipients = page.getByLabel("Report recipients");
  const digest = page.getByLabel("Digest window (minutes)");
  const save = page.getByRole("button", { name: "Save report settings" });
  await recipients.fill("ops@example.com, nope");
  await digest.fill("30");
  await save.click();
  const fieldError = page.locator('[data-field-error="reportRecipients"]');
  await expect(fieldError.textContent()).resolves.toBe('"nope" is not an email address');
  expect(
    await world.db.prisma.automation.findUniqueOrThrow({ where: { id: automationId } }),
  ).toMatchObject({ reportRecipients: [], reportDigestMinutes: 0 });

  await recipients.fill("ops@example.com\nlead@example.com");
  await digest.fill("30");
  await save.click();
  await expect(page.locator("[data-report-settings-saved]").textContent()).resolves.toContain(
    "ops@example.com, lead@example.com",
  );
  expect(
    await world.db.prisma.automation.findUniqueOrThrow({ where: { id: automationId } }),
  ).toMatchObject({
    reportRecipients: ["ops@example.com", "lead@example.com"],
    reportDigestMinutes: 30,
  });
  await screenshot(page, "automation-gate-record");
  // Shown again from the database on a fresh visit (waiting until the streamed page is shown).
  await page.goto(`${world.web.url}/automations/${automationId}`);
  await recipients.waitFor();
  await expect(recipients.inputValue()).resolves.toBe("ops@example.com\nlead@example.com");
  await expect(digest.inputValue()).resolves.toBe("30");
  await page.close();
}, 180_000);

it("expired and forged links get a clear refusal page", async () => {
  const page = await world.browser.newPage();
  await page.goto(`${world.web.url}/approvals/t/not-a-real-token`, { timeout: 90_000 });
  expect(await page.getByRole("status").textContent()).toBe("This approval link is not valid.");

  // 0.0005 h ≈ 2 s: by the time the approver clicks, the link has expired.
  const { runId, link } = await gatedRun({
    approvers: ["late@example.com"],
    expiresInHours: 0.0005,
  });
  await new Promise((r) => setTimeout(r, 2_500));
  await page.goto(link);
  expect(await page.getByRole("status").textContent()).toMatch(/expired/);
  expect(await page.getByRole("button", { name: "Approve" }).count()).toBe(0);
  const run = await waitForRunEnd(world.db.prisma, runId);
  expect(run.node("gate").state).toBe("rejected");
  expect(run.node("ship").state).toBe("skipped");
  await page.close();
}, 120_000);
