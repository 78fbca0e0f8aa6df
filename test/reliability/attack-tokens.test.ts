import { createHmac, randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Graph, GraphNode } from "../../worker/engine/types";
import { call } from "../integration/api/http-client";
import { signUpOverHttp } from "../support/accounts";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { waitForRow, waitForRunEnd } from "../support/runs";
import { startSmtpCapture, type SmtpCapture } from "../support/smtp-capture";
import { freePort, startWebApp, type WebApp } from "../support/web-app";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";

// Issue 16's attacks on links, egress and secrets, run against the built app with a
// real worker and a real SMTP server (docs/reliability.md, "Attacks and defences"): a
// workspace owner reading another approver's link from the mailbox, a report's retry
// link, steps aimed at special-purpose addresses, and a webhook trigger naming a secret
// variable of the server.
const OTHER_SECRET = randomBytes(16).toString("hex");

let db: TestDatabase;
let smtp: SmtpCapture;
let web: WebApp;
let worker: WorkerProcess;
let owner: Awaited<ReturnType<typeof signUpOverHttp>>;

beforeAll(async () => {
  [db, smtp] = await Promise.all([createTestDatabase(), startSmtpCapture()]);
  const port = await freePort();
  const env = {
    DATABASE_URL: db.url,
    SMTP_URL: smtp.url,
    SWITCHYARD_PUBLIC_URL: `http://127.0.0.1:${port}`,
    // Production's egress policy: nothing private or special-purpose.
    SWITCHYARD_ALLOW_PRIVATE_NETWORK: "false",
    // A server-wide secret some other tenant's webhooks might use.
    SWITCHYARD_WEBHOOK_SECRET_OTHER: OTHER_SECRET,
  };
  [web, worker] = await Promise.all([startWebApp(env, port), spawnWorker(db.url, env)]);
  owner = await signUpOverHttp(db.prisma, web.url, {
    name: "Owen Owner",
    email: "owner@example.test",
    password: "the owner's long passphrase 4",
  });
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([web?.stop(), worker?.stop()]);
  await smtp?.close();
  await db?.drop();
});

const api = (method: string, path: string, body?: unknown) =>
  call(`${web.url}/api/v1`, { apiKey: owner.apiKey }, method, path, body);

async function automation(name: string, graph: Graph) {
  const saved = await api("POST", "/automations", { name, graph });
  expect(saved.status, saved.text).toBe(201);
  return (saved.json as { automationId: string }).automationId;
}

async function startRun(automationId: string) {
  const started = await api("POST", `/automations/${automationId}/runs`, { payload: {} });
  expect(started.status, started.text).toBe(201);
  return (started.json as { runId: string }).runId;
}

const mailboxPage = async (emailId?: string) => {
  const res = await fetch(`${web.url}/mailbox${emailId ? `?id=${emailId}` : ""}`, {
    headers: { cookie: owner.cookie },
  });
  expect(res.status).toBe(200);
  return res.text();
};

const capturedTo = (address: string, subject: RegExp) =>
  waitForRow(
    async () =>
      smtp.messages.find((m) => m.to.includes(address) && subject.test(m.subject)) ?? null,
    `the email to ${address}`,
    30_000,
  );

const tokenOf = (text: string, path: string) =>
  new RegExp(`${path}/([\\w.-]+)`).exec(text)?.[1] ?? null;

it("the owner cannot read the CFO's approval link anywhere: not in the mailbox, not in the stored email; only the CFO's own mail has it", async () => {
  const gate: GraphNode = {
    id: "sign_off",
    type: "approval",
    name: "CFO sign-off",
    approval: {
      approvers: ["cfo@example.test", "owner@example.test"],
      message: "Pay invoice 7?",
      requesterMayNotApprove: true,
    },
  };
  const pay: GraphNode = {
    id: "pay",
    type: "action",
    action: "util.pass_data",
    input: { data: 1 },
  };
  const automationId = await automation("Invoices", {
    nodes: [{ id: "trigger", type: "trigger" }, gate, pay],
    edges: [
      { from: "trigger", to: "sign_off", kind: "dependent" },
      { from: "sign_off", to: "pay", kind: "dependent" },
    ],
  });
  const runId = await startRun(automationId);
  const cfoMail = await capturedTo("cfo@example.test", /Approval needed/);
  const ownMail = await capturedTo("owner@example.test", /Approval needed/);
  const cfoToken = tokenOf(cfoMail.text, "/approvals/t")!;
  const ownToken = tokenOf(ownMail.text, "/approvals/t")!;
  expect(cfoToken).toMatch(/^[\w-]{40,}$/);
  expect(cfoMail.html).toContain(`/approvals/t/${cfoToken}`);

  const rows = await waitForRow(async () => {
    const found = await db.prisma.outboxEmail.findMany({
      where: { runId, kind: "approval_request", status: "sent" },
    });
    return found.length === 2 ? found : null;
  }, "both approval emails sent");
  for (const row of rows) {
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(cfoToken);
    expect(stored).not.toContain(ownToken);
  }
  const cfoRow = rows.find((r) => r.to[0] === "cfo@example.test")!;
  const ownRow = rows.find((r) => r.to[0] === "owner@example.test")!;

  // The mailbox (the sending log, with SMTP set) hides the link sent to someone else...
  const cfoView = await mailboxPage(cfoRow.id);
  expect(cfoView).not.toContain(cfoToken);
  expect(cfoView).toContain("link sent to cfo@example.test, hidden");
  expect(cfoView).toContain("data-links-hidden");
  expect(await mailboxPage()).not.toMatch(/approvals\/t\/[\w-]{20}/);
  // ...and shows the owner their own, as the local flow needs.
  const ownView = await mailboxPage(ownRow.id);
  expect(ownView).toContain(`/approvals/t/${ownToken}`);
  expect(ownView).not.toContain("data-links-hidden");

  // The owner's own link cannot approve a gate that refuses its requester.
  const ownLink = await fetch(`${web.url}/approvals/t/${ownToken}`, {
    headers: { cookie: owner.cookie },
  });
  expect(await ownLink.text()).not.toContain(cfoToken);
  expect((await fetch(`${web.url}/approvals/t/${cfoToken}`)).status).toBe(200);
});

it("steps aimed at special-purpose addresses are refused before connecting; the report's retry link reaches only its recipient", async () => {
  const targets = {
    nat64: "http://[64:ff9b::7f00:1]:9/",
    sixToFour: "http://[2002:7f00:1::1]:9/",
    testNet1: "http://192.0.2.10:9/",
    testNet2: "http://198.51.100.10:9/",
    testNet3: "http://203.0.113.10:9/",
    documentation6: "http://[2001:db8::10]:9/",
  };
  const steps = Object.entries(targets).map(([id, url]): GraphNode => ({
    id,
    type: "action",
    action: "http.request",
    input: { method: "GET", url },
  }));
  const automationId = await automation("Special addresses", {
    nodes: [{ id: "trigger", type: "trigger" }, ...steps],
    edges: steps.map((s) => ({ from: "trigger", to: s.id, kind: "dependent" as const })),
  });
  const patched = await api("PATCH", `/automations/${automationId}`, {
    reportRecipients: ["ops@example.test"],
  });
  expect(patched.status, patched.text).toBe(200);
  const runId = await startRun(automationId);
  expect((await waitForRunEnd(db.prisma, runId, 60_000)).status).toBe("failed");
  const attempts = await db.prisma.attempt.findMany({ where: { runId } });
  expect(attempts).toHaveLength(steps.length); // refused for good: no retries
  for (const attempt of attempts) {
    expect(attempt.errorClass, attempt.nodeId).toBe("input_validation");
    expect(attempt.message, attempt.nodeId).toMatch(
      /^Refusing to connect to .*: private network access is disabled/,
    );
  }

  const mail = await capturedTo("ops@example.test", /run failed/);
  const retryToken = tokenOf(mail.text, "/r/retry")!;
  expect(retryToken).toBeTruthy();
  const row = await waitForRow(
    () => db.prisma.outboxEmail.findFirst({ where: { runId, kind: "run_report", status: "sent" } }),
    "the report sent",
  );
  expect(JSON.stringify(row)).not.toContain(retryToken);
  const view = await mailboxPage(row.id);
  expect(view).not.toContain(retryToken);
  expect(view).toContain("link sent to ops@example.test, hidden");
  // The recipient's link works.
  const page = await fetch(`${web.url}/r/retry/${retryToken}`);
  expect(await page.text()).toContain("Retry failed part");
});

it("a webhook trigger naming a server-wide secret variable cannot use it, and the answer tells nothing about the server's variables", async () => {
  const signedBy = async (secretEnv: string) => {
    const automationId = await automation(`Signed by ${secretEnv}`, {
      nodes: [
        {
          id: "trigger",
          type: "trigger",
          trigger: { kind: "webhook", webhook: { signature: { scheme: "github", secretEnv } } },
        },
      ],
      edges: [],
    });
    const row = await db.prisma.automation.findUniqueOrThrow({ where: { id: automationId } });
    const body = JSON.stringify({ hello: "world" });
    const signature = createHmac("sha256", OTHER_SECRET).update(body).digest("hex");
    const res = await fetch(`${web.url}/hooks/${row.webhookToken}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": `sha256=${signature}` },
      body,
    });
    return { automationId, status: res.status, text: await res.text() };
  };
  // Signed with the real value of a variable the server has, and with one it does not.
  const existing = await signedBy("SWITCHYARD_WEBHOOK_SECRET_OTHER");
  const missing = await signedBy("SWITCHYARD_WEBHOOK_SECRET_NOT_SET");
  expect(existing.status).not.toBe(202);
  expect([existing.status, existing.text]).toEqual([missing.status, missing.text]);
  expect(existing.text).not.toContain("SWITCHYARD_");
  expect(JSON.parse(existing.text)).toMatchObject({ error: { code: "webhook_secret_missing" } });
  for (const { automationId } of [existing, missing]) {
    expect(await db.prisma.webhookEvent.count({ where: { automationId } })).toBe(0);
  }
});
