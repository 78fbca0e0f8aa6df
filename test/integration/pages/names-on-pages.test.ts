import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { decideApproval } from "../../../worker/approvals/decide-approval";
import { startFakeApi, type FakeApi } from "../../fakes/fake-api";
import { ownerOf } from "../../support/accounts";
import { createTestDatabase, type TestDatabase } from "../../support/database";
import { graph, httpNode } from "../../support/graphs";
import { startGraphRun, waitForNodeState, waitForRow, waitForRunEnd } from "../../support/runs";
import { startWebApp, type WebApp } from "../../support/web-app";
import { spawnWorker, type WorkerProcess } from "../../support/worker-process";
import { authPost } from "../api/http-client";
import { parseKeyRing } from "../../../worker/connections/crypto";
import { asDelivered } from "../../support/outbox";

// R15 and the approval journey on the pages a person reads, fetched from the built app
// (a real worker runs the run): steps by name, outcomes in words, no rule numbers; the
// gate's message filled in with the run's data; the link page after deciding says what
// was decided; the run page's record keeps the comment apart from the channel.
let db: TestDatabase;
let api: FakeApi;
let web: WebApp;
let worker: WorkerProcess;
let cookie: string;
const alice = { name: "Alice Example", email: "alice@example.test", password: "correct horse 1" };

// This test's own key ring (not the suite's), so links are opened with it too.
const keys = `pages:${randomBytes(32).toString("base64")}`;

beforeAll(async () => {
  [db, api] = await Promise.all([createTestDatabase(), startFakeApi()]);
  const env = {
    DATABASE_URL: db.url,
    SWITCHYARD_ENCRYPTION_KEYS: keys,
    BETTER_AUTH_SECRET: randomBytes(32).toString("base64"),
  };
  [web, worker] = await Promise.all([startWebApp(env), spawnWorker(db.url, env)]);
  const signedUp = await authPost(web.url, "sign-up/email", alice);
  expect(signedUp.status).toBe(200);
  cookie = signedUp.cookie;
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([web?.stop(), worker?.stop(), api?.close()]);
  await db?.drop();
});

/** What a reader sees of a page: scripts (the RSC payload, with its ids) and tags dropped. */
async function visible(path: string, signedIn = true): Promise<string> {
  const res = await fetch(`${web.url}${path}`, { headers: signedIn ? { cookie } : {} });
  expect(res.status, `${path}: ${web.output().slice(-2000)}`).toBe(200);
  return (await res.text())
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

function expectNoIdsOrRuleNumbers(text: string) {
  expect(text).not.toMatch(/\b(step_\d|approval_7|partially_succeeded|waiting_approval)\b/);
  expect(text).not.toMatch(/\(R\d+\)/);
}

it("the approval link page, the Approvals list and the run pages read names, words and the filled-in message", async () => {
  api.script("/pages/billing", [{ status: 400, json: { error: "card declined" } }]);
  // Not /echo: its output would show the idempotency key, which carries the step's id.
  api.script("/pages/ship", [{ json: { shipped: true } }]);
  const owner = await ownerOf(db.prisma, alice.email);
  const runId = await startGraphRun(
    db.prisma,
    graph(
      [
        httpNode("step_1", `${api.url}/pages/billing`, {
          name: "Call billing API",
          input: { method: "POST", url: `${api.url}/pages/billing` },
        }),
        httpNode("step_2", `${api.url}/echo`, {
          name: "Send the receipt",
          input: { method: "POST", url: `${api.url}/echo` },
        }),
        {
          id: "approval_7",
          type: "approval",
          name: "Approve big orders",
          approval: { approvers: [alice.email], message: "Big order {{ trigger.orderId }}" },
        },
        httpNode("step_4", `${api.url}/pages/ship`, {
          name: "Ship the order",
          input: {
            method: "POST",
            url: `${api.url}/pages/ship`,
            body: { order: "{{ trigger.orderId }}" },
          },
        }),
      ],
      [
        ["trigger", "step_1"],
        ["step_1", "step_2"],
        ["trigger", "approval_7"],
        ["approval_7", "step_4"],
      ],
    ),
    { orderId: "A-17" },
    owner,
  );
  await waitForNodeState(db.prisma, runId, "step_1", ["failed"]);
  const email = await waitForRow(
    () => db.prisma.outboxEmail.findFirst({ where: { runId, kind: "approval_request" } }),
    "approval email",
  );
  const token = /\/approvals\/t\/([\w-]+)/.exec(asDelivered(email, parseKeyRing(keys)).text)![1]!;

  const link = await visible(`/approvals/t/${token}`, false);
  expect(link).toContain("Big order A-17");
  expect(link).toContain("is waiting at Approve big orders");
  expect(link).toContain("Ship the order");
  expect(link).not.toContain("{{");
  expectNoIdsOrRuleNumbers(link);

  const inbox = await visible("/approvals");
  expect(inbox).toContain("Approve big orders");
  expect(inbox).toContain("Big order A-17");
  expect(inbox).not.toContain("{{");
  expectNoIdsOrRuleNumbers(inbox);

  const waiting = await visible(`/runs/${runId}`);
  expect(waiting).toContain("Call billing API");
  expect(waiting).toContain("waiting for approval");
  expect(waiting).toContain("Waiting for an approval decision.");
  expect(waiting).toContain("Skipped because Call billing API failed.");
  expectNoIdsOrRuleNumbers(waiting);

  const list = await visible("/");
  expect(list).toContain("Call billing API: failed");
  expect(list).toContain("Approve big orders: still running");
  expectNoIdsOrRuleNumbers(list);

  // Approve with the link, as its page's Approve button does.
  await decideApproval(db.prisma, { token, decision: "approve", comment: "ok", now: new Date() });
  const run = await waitForRunEnd(db.prisma, runId);
  expect(run.status).toBe("partially_succeeded");

  const after = await visible(`/approvals/t/${token}`, false);
  expect(after).toMatch(
    /This request was approved by you at \S+ from the email link, with the comment “ok”\./,
  );
  expect(after).not.toContain("already used");

  const ended = await visible(`/runs/${runId}`);
  expect(ended).toContain("partly succeeded");
  expect(ended).toMatch(
    /Approve big orders \(generation 1\): approved by alice@example\.test at \S+ from the email link, with the comment “ok”\./,
  );
  expect(ended).not.toContain("emailok");
  expectNoIdsOrRuleNumbers(ended);
  expectNoIdsOrRuleNumbers(await visible("/"));
});
