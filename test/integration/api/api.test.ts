import { createHmac, randomBytes } from "node:crypto";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeList } from "../../../app/api/v1/_schemas/route-table";
import { startFakeApi, type FakeApi } from "../../fakes/fake-api";
import { createTestDatabase, type TestDatabase } from "../../support/database";
import { waitForRow } from "../../support/runs";
import { startWebApp, type WebApp } from "../../support/web-app";
import { spawnWorker, type WorkerProcess } from "../../support/worker-process";
import { authPost, call, fillPath, type ApiResult, type Credentials } from "./http-client";

// Accounts, API keys, tenancy and the REST API against the real Next.js app, a
// real worker process and a fake SaaS API — all in one file because only one
// Next dev server can run per checkout.
let db: TestDatabase;
let web: WebApp;
let worker: WorkerProcess;
let fake: FakeApi;

const env = () => ({
  DATABASE_URL: db.url,
  SWITCHYARD_ENCRYPTION_KEYS: `api:${randomBytes(32).toString("base64")}`,
  BETTER_AUTH_SECRET: randomBytes(32).toString("base64"),
});

beforeAll(async () => {
  [db, fake] = await Promise.all([createTestDatabase(), startFakeApi()]);
  const vars = env();
  [web, worker] = await Promise.all([
    // The fake SaaS API is on loopback, which actions (and tested steps) may not reach otherwise.
    startWebApp({ ...vars, SWITCHYARD_ALLOW_PRIVATE_NETWORK: "true" }),
    spawnWorker(db.url, vars),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([web?.stop(), worker?.stop(), fake?.close()]);
  await db?.drop();
});

const api = (who: Credentials, method: string, path: string, body?: unknown) =>
  call(`${web.url}/api/v1`, who, method, path, body);

function expectStatus(result: ApiResult, status: number, what = "") {
  // A 500 is explained by the server's log, not by Next's HTML error page.
  const detail = result.status >= 500 ? web.output().slice(-3000) : result.text.slice(0, 400);
  expect(result.status, `${what} → ${detail}`).toBe(status);
}

// Alice owns the resources; Bob (another workspace) tries to reach them.
const alice = { name: "Alice Example", email: "alice@example.test", password: "correct horse 1" };
const bob = { name: "Bob Other", email: "bob@example.test", password: "battery staple 2" };
const ids: Record<string, string> = {};
let aliceSession: Credentials = null;
let aliceKey: Credentials = null;
let bobSession: Credentials = null;
let bobKey: Credentials = null;

async function signUp(user: typeof alice): Promise<Credentials> {
  const result = await authPost(web.url, "sign-up/email", user);
  expect(result.status, JSON.stringify(result.json)).toBe(200);
  expect(result.cookie).toMatch(/session_token=/);
  return { cookie: result.cookie };
}

async function createKey(who: Credentials, name: string): Promise<{ id: string; key: string }> {
  const created = await api(who, "POST", "/api-keys", { name });
  expectStatus(created, 201, "create key");
  return created.json as { id: string; key: string };
}

describe("accounts", () => {
  it("sign-up creates the user, a workspace named after them, and an owner membership", async () => {
    aliceSession = await signUp(alice);
    const user = await db.prisma.user.findUniqueOrThrow({
      where: { email: alice.email },
      include: { memberships: { include: { workspace: true } } },
    });
    expect(user.memberships).toHaveLength(1);
    expect(user.memberships[0]?.role).toBe("owner");
    expect(user.memberships[0]?.workspace.name).toBe(alice.name);
    ids.aliceWorkspace = user.memberships[0]?.workspaceId ?? "";
  }, 120_000);

  it("signs in with the password and refuses a wrong one", async () => {
    const wrong = await authPost(web.url, "sign-in/email", {
      email: alice.email,
      password: "nope nope",
    });
    expect(wrong.status).toBe(401);
    const right = await authPost(web.url, "sign-in/email", {
      email: alice.email,
      password: alice.password,
    });
    expect(right.status).toBe(200);
    const listed = await api({ cookie: right.cookie }, "GET", "/automations");
    expectStatus(listed, 200, "list with the new session");
  }, 60_000);

  it("sends signed-out visitors to /sign-in and serves the forms", async () => {
    const home = await fetch(`${web.url}/`, { redirect: "manual" });
    // A page under a loading.tsx boundary streams, so redirect() arrives in the body
    // (Next's client follows it) rather than as a 3xx status.
    const location = home.headers.get("location");
    if (location) expect(location).toMatch(/\/sign-in$/);
    else expect(await home.text()).toMatch(/NEXT_REDIRECT;[^"]*\/sign-in|url=\/sign-in/);
    const page = await (await fetch(`${web.url}/sign-up`)).text();
    for (const label of ["Name", "Email", "Password", "Create account"])
      expect(page).toContain(label);
  }, 120_000);

  it("refuses the API without credentials, with a bad key, and with a revoked key", async () => {
    const anonymous = await api(null, "GET", "/automations");
    expectStatus(anonymous, 401);
    expect(anonymous.json).toMatchObject({ error: { code: "unauthenticated" } });
    expectStatus(await api({ apiKey: "sy_not-a-real-key" }, "GET", "/automations"), 401);
    const doomed = await createKey(aliceSession, "doomed");
    expectStatus(await api({ apiKey: doomed.key }, "GET", "/runs"), 200);
    expectStatus(await api(aliceSession, "DELETE", `/api-keys/${doomed.id}`), 200);
    expectStatus(await api({ apiKey: doomed.key }, "GET", "/runs"), 401);
  }, 60_000);

  it("creates an API key shown once, stored hashed, and records its use", async () => {
    const created = await createKey(aliceSession, "CI");
    expect(created.key).toMatch(/^sy_[A-Za-z0-9_-]{43}$/);
    aliceKey = { apiKey: created.key };
    ids.keyId = created.id;
    expectStatus(await api(aliceKey, "GET", "/automations"), 200);
    const row = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.hashedKey).not.toContain(created.key);
    expect(row.lastUsedAt).not.toBeNull();
    const listed = await api(aliceKey, "GET", "/api-keys");
    expect(listed.text).not.toContain(created.key);
    expect(listed.text).not.toContain(row.hashedKey);
  }, 60_000);
});

describe("the OpenAPI document", () => {
  let doc: { paths: Record<string, Record<string, { operationId: string }>> };

  /** Calls an operation by its operationId, through the path the document gives it. */
  async function operation(id: string, params: Record<string, string> = {}, body?: unknown) {
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (op.operationId === id) {
          return api(aliceKey, method.toUpperCase(), fillPath(path, params), body);
        }
      }
    }
    throw new Error(`operation ${id} is not in the document`);
  }

  it("is valid OpenAPI 3.1 and lists every route of the table", async () => {
    const response = await fetch(`${web.url}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    doc = (await response.json()) as typeof doc;
    const result = await new Validator().validate(
      doc as unknown as Parameters<Validator["validate"]>[0],
    );
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    const documented = Object.values(doc.paths).flatMap((m) =>
      Object.values(m).map((o) => o.operationId),
    );
    expect(documented.sort()).toEqual(routeList.map((r) => r.operationId).sort());
  }, 60_000);

  it("drives a run: create → start → partially failed → retry → succeeded", async () => {
    fake.script("/flaky", [{ status: 400, json: { error: "bad day" } }, { json: { ok: true } }]);
    const graph = {
      nodes: [
        { id: "trigger", type: "trigger" },
        {
          id: "steady",
          type: "action",
          action: "http.request",
          input: { method: "POST", url: `${fake.url}/echo` },
        },
        {
          id: "flaky",
          type: "action",
          action: "http.request",
          input: { method: "POST", url: `${fake.url}/flaky` },
        },
      ],
      edges: [
        { from: "trigger", to: "steady", kind: "independent" },
        { from: "trigger", to: "flaky", kind: "independent" },
      ],
    };
    const invalid = await operation("validateGraph", {}, { graph: { nodes: [], edges: [] } });
    expectStatus(invalid, 200, "validate");
    expect(invalid.json).toMatchObject({ valid: false });
    const created = await operation("createAutomation", {}, { name: "Order fan-out", graph });
    expectStatus(created, 201, "create automation");
    ids.automationId = (created.json as { automationId: string }).automationId;
    const started = await operation(
      "startRun",
      { automationId: ids.automationId! },
      { payload: { order: 1 } },
    );
    expectStatus(started, 201, "start run");
    ids.runId = (started.json as { runId: string }).runId;

    const ended = async () => {
      for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
        const run = await operation("getRun", { runId: ids.runId! });
        expectStatus(run, 200, "get run");
        const body = run.json as {
          status: string;
          nodeRuns: { nodeId: string; state: string }[];
          attempts: unknown[];
        };
        if (body.status !== "running") return body;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error("run did not end");
    };
    const first = await ended();
    expect(first.status).toBe("partially_succeeded");
    expect(first.nodeRuns.find((n) => n.nodeId === "flaky")?.state).toBe("failed");
    expect(first.attempts.length).toBeGreaterThanOrEqual(2);

    expectStatus(await operation("retryRun", { runId: ids.runId! }), 200, "retry");
    const second = await ended();
    expect(second.status).toBe("succeeded");
    const listed = await operation("listRuns");
    expect(listed.text).toContain(ids.runId);
    const automation = await operation("getAutomation", { automationId: ids.automationId! });
    expect(automation.json).toMatchObject({ name: "Order fan-out", versions: [{ number: 1 }] });
    const v2 = await operation(
      "createAutomationVersion",
      { automationId: ids.automationId! },
      { graph: { ...graph, nodes: graph.nodes.slice(0, 2), edges: graph.edges.slice(0, 1) } },
    );
    expectStatus(v2, 201, "new version");
    expect(v2.json).toMatchObject({ number: 2 });
    // On the latest version the run has nothing left to do: its one step there succeeded.
    const latest = await api(aliceKey, "POST", `/runs/${ids.runId}/retry?version=latest`);
    expectStatus(latest, 409, "retry on the latest version");
    expect(latest.json).toMatchObject({
      error: { code: "conflict", message: expect.stringContaining("version 2") },
    });
    const detail = await operation("getRun", { runId: ids.runId! });
    expect((detail.json as { generations: unknown[] }).generations).toMatchObject([
      { generation: 1, version: { number: 1 }, plan: null },
      { generation: 2, version: { number: 1 }, plan: null },
    ]);
  }, 120_000);
  it("pages a for-each's items: failed only, with the failing step's last error", async () => {
    fake.script("/refuse", [{ status: 400, json: { error: "declined" } }]);
    const graph = {
      nodes: [
        { id: "trigger", type: "trigger" },
        {
          id: "each",
          type: "foreach",
          forEach: {
            items: "{{ trigger.paths }}",
            body: {
              nodes: [
                {
                  id: "call",
                  type: "action",
                  action: "http.request",
                  input: { method: "POST", url: `${fake.url}/{{ item }}` },
                },
              ],
              edges: [],
            },
          },
        },
      ],
      edges: [{ from: "trigger", to: "each", kind: "dependent" }],
    };
    const created = await operation("createAutomation", {}, { name: "Each path", graph });
    expectStatus(created, 201, "create for-each automation");
    const { automationId } = created.json as { automationId: string };
    const started = await operation(
      "startRun",
      { automationId },
      { payload: { paths: ["echo", "refuse", "echo"] } },
    );
    const { runId } = started.json as { runId: string };
    ids.eachRunId = runId;
    await expect
      .poll(
        async () => ((await operation("getRun", { runId })).json as { status: string }).status,
        {
          timeout: 30_000,
        },
      )
      .toBe("partially_succeeded");
    const failed = await api(aliceKey, "GET", `/runs/${runId}/nodes/each/items?state=failed`);
    expectStatus(failed, 200, "failed items");
    expect(failed.json).toMatchObject({
      counts: { total: 3, succeeded: 2, failed: 1 },
      state: "failed",
      page: 1,
      pageCount: 1,
      items: [
        {
          index: 1,
          value: "refuse",
          state: "failed",
          attempts: 1,
          error: { nodeId: "call", errorClass: "http_4xx", httpStatus: 400 },
        },
      ],
    });
    const second = await api(aliceKey, "GET", `/runs/${runId}/nodes/each/items?pageSize=2&page=2`);
    expect(second.json).toMatchObject({ pageCount: 2, items: [{ index: 2, state: "succeeded" }] });
    expectStatus(
      await api(aliceKey, "GET", `/runs/${runId}/nodes/each/items?state=lost`),
      400,
      "unknown item state",
    );
    expectStatus(
      await api(aliceKey, "GET", `/runs/${runId}/nodes/call/items`),
      404,
      "a body step is not a for-each",
    );
  }, 60_000);

  it("tests one step with sample data or an earlier run's, calling the service and recording nothing", async () => {
    const runsBefore = await db.prisma.run.count();
    const attemptsBefore = await db.prisma.attempt.count();
    const node = {
      id: "notify",
      type: "action",
      action: "http.request",
      input: {
        method: "POST",
        url: `${fake.url}/echo`,
        body: { order: "{{ trigger.order }}", seen: "{{ steps.steady.body.path }}" },
      },
    };
    const sample = await operation(
      "testStep",
      {},
      {
        node,
        source: { kind: "sample", payload: { order: 42 } },
      },
    );
    expectStatus(sample, 200, "test step with the sample payload");
    expect(sample.json).toMatchObject({
      ok: true,
      output: { status: 200, body: { body: { order: 42 } } },
      missingSteps: ["steady"],
    });
    const calls = fake.requestsTo("/echo");
    // The provider sees a fresh idempotency key per test, not one of a run.
    expect(String(calls.at(-1)?.headers["idempotency-key"])).toMatch(/^test-step:/);

    // With the data of the run above: its trigger payload and its steps' outputs.
    const fromRun = await operation(
      "testStep",
      {},
      {
        node,
        source: { kind: "run", runId: ids.runId! },
      },
    );
    expectStatus(fromRun, 200, "test step with a run's data");
    expect(fromRun.json).toMatchObject({
      ok: true,
      output: { body: { body: { order: 1, seen: "/echo" } } },
      missingSteps: [],
    });

    // A step inside a for-each, with that run's data: its first failed item.
    const fromItem = await operation(
      "testStep",
      {},
      {
        node: {
          ...node,
          id: "call",
          input: { method: "POST", url: `${fake.url}/echo`, body: { item: "{{ item }}" } },
        },
        source: { kind: "run", runId: ids.eachRunId! },
      },
    );
    expectStatus(fromItem, 200, "test a for-each's step with a run's data");
    expect(fromItem.json).toMatchObject({
      ok: true,
      output: { body: { body: { item: "refuse" } } },
      item: { forEachId: "each", index: 1, state: "failed", value: "refuse" },
    });

    // A failing call is an answer, with what the provider said.
    const failing = await operation(
      "testStep",
      {},
      {
        node: { ...node, input: { method: "GET", url: `${fake.url}/nowhere` } },
      },
    );
    expectStatus(failing, 200, "test step that fails");
    expect(failing.json).toMatchObject({ ok: false, httpStatus: 404 });
    // Only actions can be tested.
    expectStatus(await operation("testStep", {}, { node: { id: "t", type: "trigger" } }), 400);
    expect(await db.prisma.run.count()).toBe(runsBefore);
    expect(await db.prisma.attempt.count()).toBe(attemptsBefore);
  }, 60_000);

  it("pauses (start run refused), resumes, rotates the webhook URL and shows the sample event", async () => {
    const automationId = ids.automationId!;
    const paused = await operation("pauseAutomation", { automationId }, { queueWhilePaused: true });
    expectStatus(paused, 200, "pause");
    expect(paused.json).toMatchObject({ status: "paused", queueWhilePaused: true });
    expect((paused.json as { pausedReason: string }).pausedReason).toContain(alice.name);
    const refused = await operation("startRun", { automationId }, { payload: {} });
    expectStatus(refused, 409, "start run while paused");
    expect(refused.json).toMatchObject({ error: { code: "conflict" } });
    const resumed = await operation("resumeAutomation", { automationId });
    expectStatus(resumed, 200, "resume");
    expect(resumed.json).toEqual({ automationId, status: "active", runIds: [] });

    const rotate = async () => {
      const result = await operation("rotateWebhookToken", { automationId });
      expectStatus(result, 200, "rotate");
      return (result.json as { webhookUrl: string }).webhookUrl;
    };
    const first = await rotate();
    expect(first).toMatch(/^https?:\/\/[^/]+\/hooks\/[A-Za-z0-9_-]{32}$/);
    expect(await rotate()).not.toBe(first);

    const sample = await operation("getSampleEvent", { automationId });
    expectStatus(sample, 200, "sample event");
    expect(sample.json).toMatchObject({ event: { kind: "api", payload: { order: 1 } } });
    const none = await api(
      aliceKey,
      "GET",
      `/automations/${automationId}/sample-event?since=${new Date().toISOString()}`,
    );
    expect(none.json).toEqual({ event: null });
  }, 60_000);

  it("sets a webhook signing secret (shown once), takes a signed event on the public origin and tells its run", async () => {
    const graph = {
      nodes: [
        {
          id: "trigger",
          type: "trigger",
          trigger: { kind: "webhook", webhook: { signature: { scheme: "github" } } },
        },
        { id: "copy", type: "action", action: "util.pass_data", input: { data: "{{trigger.n}}" } },
      ],
      edges: [{ from: "trigger", to: "copy", kind: "dependent" }],
    };
    const created = await operation("createAutomation", {}, { name: "Signed hook", graph });
    expectStatus(created, 201, "create webhook automation");
    const { automationId } = created.json as { automationId: string };
    const { webhookUrl } = (await operation("rotateWebhookToken", { automationId })).json as {
      webhookUrl: string;
    };
    const set = await operation("setWebhookSecret", { automationId }, {});
    expectStatus(set, 200, "set secret");
    const { secret } = set.json as { secret: string };
    expect(secret).toMatch(/^whsec_/);
    const tooShort = await operation("setWebhookSecret", { automationId }, { secret: "short" });
    expectStatus(tooShort, 400, "a short secret");

    const body = JSON.stringify({ n: 7 });
    const post = (signingSecret: string) =>
      fetch(`${web.url}${new URL(webhookUrl).pathname}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-hub-signature-256": `sha256=${createHmac("sha256", signingSecret).update(body).digest("hex")}`,
        },
        body,
      });
    expect((await post("not-the-secret")).status).toBe(401);
    const accepted = await post(secret);
    expect(accepted.status).toBe(202);
    const { eventId } = (await accepted.json()) as { eventId: string };
    ids.webhookAutomationId = automationId;
    ids.eventId = eventId;
    let event: { status: string; runId: string | null } = { status: "waiting", runId: null };
    for (let i = 0; i < 100 && event.status !== "started"; i += 1) {
      const read = await operation("getWebhookEvent", { automationId, eventId });
      expectStatus(read, 200, "event state");
      event = read.json as typeof event;
      if (event.status !== "started") await new Promise((r) => setTimeout(r, 100));
    }
    expect(event).toMatchObject({ status: "started", runId: expect.any(String) });

    const removed = await operation("removeWebhookSecret", { automationId });
    expect(removed.json).toEqual({ automationId, secret: null });
  }, 60_000);

  it("sets report settings (validated, read back, honoured by the report) and reads each gate's record", async () => {
    const gated = {
      nodes: [
        { id: "trigger", type: "trigger" },
        { id: "gate", type: "approval", name: "Manager sign-off", approval: { message: "Ship?" } },
        {
          id: "ship",
          type: "action",
          action: "http.request",
          input: { method: "POST", url: `${fake.url}/echo` },
        },
      ],
      edges: [
        { from: "trigger", to: "gate", kind: "dependent" },
        { from: "gate", to: "ship", kind: "dependent" },
      ],
    };
    const created = await operation(
      "createAutomation",
      {},
      { name: "Gated shipment", graph: gated },
    );
    expectStatus(created, 201, "create gated automation");
    const automationId = (created.json as { automationId: string }).automationId;
    ids.gatedAutomationId = automationId;

    // No gate reached yet; the defaults: reports to the run's owner, sent at once.
    const empty = await operation("listGateRecords", { automationId });
    expectStatus(empty, 200, "gates before any run");
    expect(empty.json).toEqual({ gates: [] });
    const fresh = await operation("getAutomation", { automationId });
    expect(fresh.json).toMatchObject({ reportRecipients: [], reportDigestMinutes: 0 });

    // Refused with a 400 JSON error naming the problem; nothing is changed.
    for (const [body, mentions] of [
      [{ reportRecipients: ["ops@example.com", "not-an-email"] }, "not-an-email"],
      [{ reportRecipients: Array.from({ length: 21 }, (_, i) => `r${i}@example.com`) }, "20"],
      [{ reportRecipients: "ops@example.com" }, "reportRecipients"],
      [{ reportDigestMinutes: 1441 }, "1440"],
      [{ reportDigestMinutes: -1 }, "reportDigestMinutes"],
      [{ reportDigestMinutes: 2.5 }, "whole number"],
      [{ reportDigestMinutes: "15" }, "reportDigestMinutes"],
      [{ name: "renamed" }, "name"],
    ] as const) {
      const refused = await operation("updateAutomation", { automationId }, body);
      expectStatus(refused, 400, `PATCH ${JSON.stringify(body)}`);
      const error = (refused.json as { error: { code: string; message: string } }).error;
      expect(error.code).toBe("invalid_input");
      expect(error.message).toContain(mentions);
    }
    expect(
      await db.prisma.automation.findUniqueOrThrow({
        where: { id: automationId },
        select: { reportRecipients: true, reportDigestMinutes: true, name: true },
      }),
    ).toEqual({ reportRecipients: [], reportDigestMinutes: 0, name: "Gated shipment" });

    // Set both (a repeated address is kept once), then only the window: the list stays.
    const set = await operation(
      "updateAutomation",
      { automationId },
      {
        reportRecipients: ["ops@example.com", "Lead@example.com", "OPS@example.com"],
        reportDigestMinutes: 1440,
      },
    );
    expectStatus(set, 200, "set report settings");
    expect(set.json).toMatchObject({
      id: automationId,
      name: "Gated shipment",
      reportRecipients: ["ops@example.com", "Lead@example.com"],
      reportDigestMinutes: 1440,
      versions: [{ number: 1 }],
    });
    expectStatus(
      await operation("updateAutomation", { automationId }, { reportDigestMinutes: 10 }),
      200,
      "set the window only",
    );
    const read = await operation("getAutomation", { automationId });
    expect(read.json).toMatchObject({
      reportRecipients: ["ops@example.com", "Lead@example.com"],
      reportDigestMinutes: 10,
    });

    // A run reaches the gate; Alice (its default approver) rejects it through the API.
    const started = await operation("startRun", { automationId }, { payload: {} });
    expectStatus(started, 201, "start gated run");
    const runId = (started.json as { runId: string }).runId;
    let requestId: string | undefined;
    for (const deadline = Date.now() + 20_000; !requestId && Date.now() < deadline;) {
      const pending = await operation("listApprovals");
      requestId = (pending.json as { approvals: { id: string; runId: string }[] }).approvals.find(
        (a) => a.runId === runId,
      )?.id;
      if (!requestId) await new Promise((r) => setTimeout(r, 200));
    }
    expect(requestId, "the gate's approval request").toBeDefined();
    const rejected = await operation(
      "decideApproval",
      { requestId: requestId! },
      { decision: "reject", comment: "not today" },
    );
    expectStatus(rejected, 200, "reject");
    for (const deadline = Date.now() + 20_000; ;) {
      const run = await operation("getRun", { runId });
      if ((run.json as { status: string }).status !== "running") break;
      if (Date.now() > deadline) throw new Error("gated run did not end");
      await new Promise((r) => setTimeout(r, 200));
    }
    // The rejection's report goes to the recipients set above, inside the digest window.
    const report = await waitForRow(
      () => db.prisma.outboxEmail.findFirst({ where: { runId, kind: "run_report" } }),
      "report email",
    );
    expect(report.to).toEqual(["ops@example.com", "Lead@example.com"]);
    expect(report.digestKey).toBe(`report:${automationId}`);

    const afterRejection = await operation("listGateRecords", { automationId });
    expectStatus(afterRejection, 200, "gates after the rejection");
    expect(afterRejection.json).toEqual({
      gates: [
        {
          nodeId: "gate",
          name: "Manager sign-off",
          inLatestVersion: true,
          approved: 0,
          rejected: 1,
          expired: 0,
          pending: 0,
          medianWaitMs: expect.any(Number),
          retireHint: false,
        },
      ],
    });

    // A second gate, approved every time over ten decisions (seeded: waits of 1…10 min),
    // gets the retire hint; records follow the latest version's node order.
    const v2 = await operation(
      "createAutomationVersion",
      { automationId },
      {
        graph: {
          nodes: [
            gated.nodes[0],
            { id: "routine", type: "approval", approval: { message: "Routine?" } },
            ...gated.nodes.slice(1),
          ],
          edges: [
            { from: "trigger", to: "routine", kind: "dependent" },
            { from: "routine", to: "gate", kind: "dependent" },
            gated.edges[1],
          ],
        },
      },
    );
    expectStatus(v2, 201, "version with a second gate");
    const run = await db.prisma.run.findUniqueOrThrow({ where: { id: runId } });
    const hourAgo = Date.now() - 3_600_000;
    await db.prisma.approvalRequest.createMany({
      data: Array.from({ length: 10 }, (_, i) => ({
        workspaceId: run.workspaceId,
        runId,
        nodeId: "routine",
        generation: 100 + i,
        message: "Routine?",
        approvers: [alice.email],
        status: "approved" as const,
        createdAt: new Date(hourAgo),
        decidedAt: new Date(hourAgo + (i + 1) * 60_000),
        decidedBy: alice.email,
        channel: "api",
        expiresAt: new Date(hourAgo + 72 * 3_600_000),
      })),
    });
    const records = await operation("listGateRecords", { automationId });
    expectStatus(records, 200, "gates with a routine one");
    const gates = (records.json as { gates: Record<string, unknown>[] }).gates;
    expect(gates.map((g) => g.nodeId)).toEqual(["routine", "gate"]);
    expect(gates[0]).toEqual({
      nodeId: "routine",
      name: null,
      inLatestVersion: true,
      approved: 10,
      rejected: 0,
      expired: 0,
      pending: 0,
      medianWaitMs: 330_000,
      retireHint: true,
    });
    expect(gates[1]).toMatchObject({ nodeId: "gate", rejected: 1, retireHint: false });
  }, 90_000);

  it("sets a connection's limits (validated, read back in the list; null removes one)", async () => {
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email: alice.email } });
    const { id: connectionId } = await db.prisma.connection.create({
      data: {
        workspaceId: ids.aliceWorkspace!,
        ownerId: user.id,
        connectorId: "slack",
        provider: "slack",
        authKind: "oauth2",
        label: "Team Slack",
      },
    });
    ids.connectionId = connectionId;
    const listed = async () =>
      ((await operation("listConnections")).json as { connections: Record<string, unknown>[] })
        .connections;
    expect((await listed())[0]).toMatchObject({
      id: connectionId,
      limits: { maxConcurrent: null, rateLimit: null },
    });

    for (const [body, mentions] of [
      [{ maxConcurrent: 0 }, "Calls at once: enter a whole number from 1 to 1,000"],
      [{ rateLimit: { count: 5, per: "hour" } }, '"second" or "minute"'],
      [{ rateLimit: 5 }, "rateLimit"],
      [{ label: "renamed" }, "label"],
    ] as const) {
      const refused = await operation("updateConnectionLimits", { connectionId }, body);
      expectStatus(refused, 400, `PATCH ${JSON.stringify(body)}`);
      expect(refused.json).toMatchObject({ error: { code: "invalid_input" } });
      expect((refused.json as { error: { message: string } }).error.message).toContain(mentions);
    }

    const set = await operation(
      "updateConnectionLimits",
      { connectionId },
      { maxConcurrent: 2, rateLimit: { count: 5, per: "second" } },
    );
    expectStatus(set, 200, "set limits");
    expect(set.json).toMatchObject({
      id: connectionId,
      limits: { maxConcurrent: 2, rateLimit: { count: 5, per: "second" } },
    });
    // Only the concurrency goes; the rate stays.
    const lifted = await operation(
      "updateConnectionLimits",
      { connectionId },
      { maxConcurrent: null },
    );
    expectStatus(lifted, 200, "remove the concurrency limit");
    expect((await listed())[0]).toMatchObject({
      limits: { maxConcurrent: null, rateLimit: { count: 5, per: "second" } },
    });
  }, 60_000);
});

describe("tenant isolation (generated from the route table)", () => {
  const withIds = routeList.filter((r) => r.path.includes("{"));
  const lists = routeList.filter((r) => r.method === "GET" && !r.path.includes("{"));

  beforeAll(async () => {
    bobSession = await signUp(bob);
    bobKey = { apiKey: (await createKey(bobSession, "bob's")).key };
  }, 120_000);

  it("answers 404 to another workspace's ids, by session and by API key, and 401 without credentials", async () => {
    // An approval request of Alice's run (seeded: her API runs have no gate), for
    // /approvals/{requestId}/decision.
    const aliceRun = await db.prisma.run.findUniqueOrThrow({ where: { id: ids.runId! } });
    const { id: requestId } = await db.prisma.approvalRequest.create({
      data: {
        workspaceId: aliceRun.workspaceId,
        runId: aliceRun.id,
        nodeId: "steady",
        generation: 99,
        message: "tenancy check",
        approvers: [alice.email],
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    const values = {
      automationId: ids.automationId!,
      runId: ids.runId!,
      keyId: ids.keyId!,
      requestId,
      eventId: ids.eventId!,
      nodeId: "steady",
      connectionId: ids.connectionId!,
    };
    for (const route of withIds) {
      const path = fillPath(route.path, values);
      for (const [who, credentials] of [
        ["session", bobSession],
        ["key", bobKey],
      ] as const) {
        const result = await api(credentials, route.method, path, route.example);
        expectStatus(result, 404, `${route.method} ${path} as Bob (${who})`);
        expect(result.json).toMatchObject({ error: { code: "not_found" } });
      }
      expectStatus(
        await api(null, route.method, path, route.example),
        401,
        `${route.method} ${path} anonymous`,
      );
    }
    // Ids in a body are the workspace's too: Bob cannot test a step on Alice's run's data.
    const testOnAlicesRun = await api(bobKey, "POST", "/automations/test-step", {
      node: { id: "copy", type: "action", action: "util.pass_data", input: { data: 1 } },
      source: { kind: "run", runId: ids.runId! },
    });
    expectStatus(testOnAlicesRun, 404, "test step on another workspace's run");
    // Nothing of Alice's changed: her key still works and her run was neither retried nor cancelled.
    const run = await api(aliceKey, "GET", `/runs/${ids.runId}`);
    expect(run.json).toMatchObject({ status: "succeeded", generation: 2 });
    expect(
      await db.prisma.automationVersion.count({ where: { automationId: ids.automationId! } }),
    ).toBe(2);
  }, 120_000);

  it("never lists another workspace's rows", async () => {
    const alices = [ids.automationId!, ids.runId!, ids.keyId!, ids.connectionId!];
    for (const route of lists) {
      for (const credentials of [bobSession, bobKey]) {
        const result = await api(credentials, "GET", route.path);
        expectStatus(result, 200, `${route.path} as Bob`);
        for (const id of alices) expect(result.text, `${route.path} leaks ${id}`).not.toContain(id);
      }
      // …while Alice does see her own (her runs, automations, keys).
      const own = await api(aliceKey, "GET", route.path);
      expectStatus(own, 200);
    }
    expect((await api(aliceKey, "GET", "/runs")).text).toContain(ids.runId);
  }, 120_000);
});
