// Secrets never show: a run that handles an OAuth token, an API key, a header the user
// typed and a password in its payload — with providers that echo the credential back in
// a body and in an error — is read everywhere people or logs can see it: the worker's and
// web app's logs (debug level), the REST API, the run page and its live data, the
// mailbox, and the failure report. Not one of the secrets appears in any of them.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseKeyRing } from "../../worker/connections/crypto";
import type { Graph } from "../../worker/engine/types";
import { startFakeApi, type FakeApi } from "../fakes/fake-api";
import * as recorded from "../fakes/provider-responses";
import { authPost, call, type Credentials } from "../integration/api/http-client";
import { ownerOf } from "../support/accounts";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { waitForRunEnd } from "../support/runs";
import { seedApiKeyConnection, seedOAuthConnection } from "../support/seed-connections";
import { TEST_SECRETS_ENV } from "../support/test-secrets";
import { waitFor } from "../support/wait-for";
import { startWebApp, type WebApp } from "../support/web-app";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";

const secret = (name: string) => `${name}-${randomBytes(12).toString("hex")}`;
const ACCESS_TOKEN = secret("access");
const REFRESH_TOKEN = secret("refresh");
const AIRTABLE_KEY = `pat${randomBytes(16).toString("hex")}`;
const TYPED_HEADER = secret("typed");
const PAYLOAD_PASSWORD = secret("payload-pw");
const USER = { name: "Sam Secret", email: "sam@example.test", password: secret("pw") };

let db: TestDatabase;
let fake: FakeApi;
let web: WebApp;
let worker: WorkerProcess;

beforeAll(async () => {
  [db, fake] = await Promise.all([createTestDatabase(), startFakeApi()]);
  const env = {
    DATABASE_URL: db.url,
    LOG_LEVEL: "debug",
    SWITCHYARD_ALLOW_PRIVATE_NETWORK: "true",
    SWITCHYARD_CONNECTOR_BASE_URLS: JSON.stringify({
      "demo-chat": `${fake.url}/demo-chat`,
      airtable: `${fake.url}/airtable`,
    }),
  };
  [web, worker] = await Promise.all([startWebApp(env), spawnWorker(db.url, env)]);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([web?.stop(), worker?.stop(), fake?.close()]);
  await db?.drop();
});

it("no token, key, typed header or password appears in logs, API output, run pages, mailbox or report", async () => {
  const signedUp = await authPost(web.url, "sign-up/email", USER);
  expect(signedUp.status).toBe(200);
  const session: Credentials = { cookie: signedUp.cookie };
  const v1 = (who: Credentials, method: string, path: string, body?: unknown) =>
    call(`${web.url}/api/v1`, who, method, path, body);
  const created = await v1(session, "POST", "/api-keys", { name: "scan" });
  const restKey = (created.json as { key: string }).key;
  const byKey: Credentials = { apiKey: restKey };

  const owner = await ownerOf(db.prisma, USER.email);
  const ring = parseKeyRing(TEST_SECRETS_ENV.SWITCHYARD_ENCRYPTION_KEYS);
  const inWorkspace = { workspaceId: owner.workspaceId, ownerId: owner.userId };
  const chatConnection = await seedOAuthConnection(db.prisma, ring, {
    ...inWorkspace,
    connectorId: "demo-chat",
    accessToken: ACCESS_TOKEN,
    refreshToken: REFRESH_TOKEN,
  });
  const airtableConnection = await seedApiKeyConnection(db.prisma, ring, {
    ...inWorkspace,
    connectorId: "airtable",
    apiKey: AIRTABLE_KEY,
  });

  // Providers that echo the credential: in a successful body, and in an error body.
  fake.script(`/demo-chat${recorded.demoChat.messagesPath}`, [
    { status: 201, json: { ...recorded.demoChat.posted.json, text: `seen ${ACCESS_TOKEN}` } },
  ]);
  fake.script(`/airtable${recorded.airtable.recordsPath}`, [
    { status: 422, json: { error: { type: "INVALID", message: `bad key ${AIRTABLE_KEY}` } } },
  ]);
  fake.script("/echo", [
    {
      json: {
        headers: { authorization: `Bearer ${TYPED_HEADER}` },
        note: `Bearer ${TYPED_HEADER}`,
      },
    },
  ]);

  const graph: Graph = {
    nodes: [
      { id: "trigger", type: "trigger" },
      {
        id: "chat",
        type: "action",
        action: "demo-chat.post_message",
        connection: chatConnection,
        input: { channel: "general", text: "order {{ trigger.order }}" },
      },
      {
        id: "record",
        type: "action",
        action: "airtable.create_record",
        connection: airtableConnection,
        input: {
          baseId: recorded.airtable.baseId,
          table: recorded.airtable.table,
          fields: { Name: "{{ trigger.order }}" },
        },
      },
      { id: "after_record", type: "action", action: "util.pass_data", input: { data: 1 } },
      {
        id: "echo",
        type: "action",
        action: "http.request",
        input: {
          method: "POST",
          url: `${fake.url}/echo`,
          headers: { Authorization: `Bearer ${TYPED_HEADER}` },
          body: { order: "{{ trigger.order }}" },
        },
      },
    ],
    edges: [
      { from: "trigger", to: "chat", kind: "dependent" },
      { from: "trigger", to: "record", kind: "dependent" },
      { from: "record", to: "after_record", kind: "dependent" },
      { from: "trigger", to: "echo", kind: "dependent" },
    ],
  };
  const saved = await v1(byKey, "POST", "/automations", { name: "Secret scan", graph });
  expect(saved.status, saved.text).toBe(201);
  const { automationId } = saved.json as { automationId: string };
  const started = await v1(byKey, "POST", `/automations/${automationId}/runs`, {
    payload: { order: "A-1", password: PAYLOAD_PASSWORD },
  });
  expect(started.status, started.text).toBe(201);
  const { runId } = started.json as { runId: string };

  const run = await waitForRunEnd(db.prisma, runId, 60_000);
  expect(run.status).toBe("partially_succeeded");
  expect(run.node("record").state).toBe("failed");
  expect(run.node("after_record").state).toBe("skipped");
  // The report is written and delivered to the mailbox (no SMTP_URL).
  await waitFor(
    async () => (await db.prisma.outboxEmail.count({ where: { runId, kind: "run_report" } })) > 0,
    30_000,
    "the failure report",
  );
  const reports = await db.prisma.outboxEmail.findMany({ where: { runId } });

  const fetchText = async (path: string) => {
    const response = await fetch(`${web.url}${path}`, { headers: { cookie: signedUp.cookie } });
    expect(response.status, path).toBe(200);
    return response.text();
  };
  const seen: Record<string, string> = {
    "API GET /runs/{id}": (await v1(byKey, "GET", `/runs/${runId}`)).text,
    "API GET /runs": (await v1(byKey, "GET", "/runs")).text,
    "API GET /automations/{id}/runs": (await v1(byKey, "GET", `/automations/${automationId}/runs`))
      .text,
    "API GET /connections": (await v1(session, "GET", "/connections")).text,
    "API GET /api-keys": (await v1(session, "GET", "/api-keys")).text,
    "run page": await fetchText(`/runs/${runId}`),
    "run page live data": await fetchText(`/api/ui/runs/${runId}`),
    "connections page": await fetchText("/connections"),
    mailbox: await fetchText("/mailbox"),
    "mailbox message": await fetchText(`/mailbox?id=${reports[0]!.id}`),
    "report emails": reports.map((r) => `${r.subject}\n${r.text}\n${r.html}`).join("\n"),
    "attempt rows": JSON.stringify(run.attempts),
    "worker log": worker.output(),
    "web app log": web.output(),
  };
  // The failure and the echoes reached us, redacted: the scan reads real content.
  expect(seen["API GET /runs/{id}"]).toContain("[redacted]");
  expect(seen["report emails"]).toContain("bad key [redacted]");
  // Connection credentials are scrubbed before anything is stored, not only when shown.
  expect(JSON.stringify(run.attempts)).toContain("bad key [redacted]");

  const secrets: Record<string, string> = {
    "OAuth access token": ACCESS_TOKEN,
    "OAuth refresh token": REFRESH_TOKEN,
    "Airtable API key": AIRTABLE_KEY,
    "typed Authorization header": TYPED_HEADER,
    "password in the trigger payload": PAYLOAD_PASSWORD,
    "REST API key": restKey,
    "user's password": USER.password,
    ...TEST_SECRETS_ENV,
  };
  const leaks = Object.entries(seen).flatMap(([where, text]) =>
    Object.entries(secrets)
      .filter(([, value]) => text.includes(value))
      .map(([what]) => `${what} in ${where}`),
  );
  expect(leaks).toEqual([]);
}, 180_000);
