import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeApi, type FakeApi } from "../../fakes/fake-api";
import { ensureLocalOwner } from "../../../worker/automations/ensure-local-owner";
import { saveAutomation } from "../../support/automations";
import { createTestDatabase, type TestDatabase } from "../../support/database";
import { graph, httpNode } from "../../support/graphs";
import { startTestIntake } from "../../support/intake";
import { waitForEventRun, waitForRow, waitForRunEnd } from "../../support/runs";
import { spawnWorker, type WorkerProcess } from "../../support/worker-process";
import type { TriggerConfig } from "../../../worker/engine/types";
import type { IntakeServer } from "../../../worker/intake/server";
import { pauseAutomation } from "../../../worker/triggers/pause-automation";
import { resumeAutomation } from "../../../worker/triggers/resume-automation";
import { rotateWebhookToken } from "../../../worker/triggers/rotate-webhook-token";
import { latestSampleEvent } from "../../../worker/triggers/sample-event";
import { newWebhookSecret, setWebhookSecret } from "../../../worker/triggers/set-webhook-secret";
import { parseKeyRing } from "../../../worker/connections/crypto";
import { TEST_SECRETS_ENV } from "../../support/test-secrets";

// The intake over real HTTP (the intake process's server, worker/intake/server.ts), real
// Postgres, one real worker process starting and running the accepted events' runs.
const SW_SECRET = `whsec_${randomBytes(24).toString("base64")}`;
const GH_SECRET = randomBytes(16).toString("hex");

let db: TestDatabase;
let api: FakeApi;
let intake: IntakeServer;
let worker: WorkerProcess;

beforeAll(async () => {
  [db, api] = await Promise.all([createTestDatabase(), startFakeApi()]);
  // The tests' automations belong to the local owner's workspace, which the operator
  // lets use secrets from the environment.
  const { workspaceId } = await ensureLocalOwner(db.prisma);
  intake = await startTestIntake(db.url, {
    ...process.env,
    SWITCHYARD_WEBHOOK_SECRET_SW: SW_SECRET,
    SWITCHYARD_WEBHOOK_SECRET_GH: GH_SECRET,
    SWITCHYARD_WEBHOOK_ENV_SECRET_WORKSPACES: `some-other-workspace, ${workspaceId}`,
  });
  worker = await spawnWorker(db.url);
});

afterAll(async () => {
  await worker?.stop();
  await intake?.close();
  await api?.close();
  await db?.drop();
});

async function webhookAutomation(webhook: TriggerConfig["webhook"] = {}) {
  const g = graph([httpNode("notify", `${api.url}/echo`)], [["trigger", "notify"]]);
  g.nodes[0]!.trigger = { kind: "webhook", webhook };
  const saved = await saveAutomation(db.prisma, g);
  return { ...saved, url: `${intake.url}/hooks/${saved.automation.webhookToken}` };
}

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });

/** A 202's event, and the run the worker started for it. */
async function acceptedRun(res: Response): Promise<{ eventId: string; runId: string }> {
  expect(res.status).toBe(202);
  const { eventId } = (await res.json()) as { eventId: string };
  return { eventId, runId: await waitForEventRun(db.prisma, eventId) };
}

const runsOf = (automationId: string) =>
  db.prisma.run.findMany({ where: { automationId }, orderBy: { createdAt: "asc" } });

describe("webhook trigger", () => {
  it("answers 202 with the event id once the event is stored; the worker starts its run", async () => {
    const { url, automationId } = await webhookAutomation();
    const res = await post(url, JSON.stringify({ order: 42 }));
    expect(res.status).toBe(202);
    const body = (await res.json()) as { eventId: string; runId: null };
    expect(body).toEqual({ eventId: expect.any(String), runId: null });
    const event = await db.prisma.webhookEvent.findUniqueOrThrow({ where: { id: body.eventId } });
    expect(event.payload).toEqual({ order: 42 });
    const runId = await waitForEventRun(db.prisma, body.eventId);
    const run = await db.prisma.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ triggerKind: "webhook", triggerKey: null });
    expect(run.triggerPayload).toEqual({ order: 42 });
    expect((await waitForRunEnd(db.prisma, runId)).status).toBe("succeeded");
    expect(await runsOf(automationId)).toHaveLength(1);
  });

  it("one event delivered three times, one after the other, is one run", async () => {
    const { url, automationId } = await webhookAutomation();
    const key = randomUUID();
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await post(url, JSON.stringify({ n: 1 }), { "idempotency-key": key });
      expect(res.status).toBe(202);
      ids.push(((await res.json()) as { eventId: string }).eventId);
    }
    expect(new Set(ids).size).toBe(1);
    await waitForEventRun(db.prisma, ids[0]!);
    // Once started, a repeat answers with the run too.
    const repeat = await post(url, JSON.stringify({ n: 1 }), { "idempotency-key": key });
    expect(await repeat.json()).toMatchObject({ eventId: ids[0], runId: expect.any(String) });
    const runs = await runsOf(automationId);
    expect(runs.map((r) => r.triggerKey)).toEqual([`webhook:${key}`]);
  });

  it("one event delivered three times at once is one run (X-GitHub-Delivery as the key)", async () => {
    const { url, automationId } = await webhookAutomation();
    const delivery = randomUUID();
    const responses = await Promise.all(
      [1, 2, 3].map(() => post(url, JSON.stringify({ n: 1 }), { "x-github-delivery": delivery })),
    );
    expect(responses.map((r) => r.status)).toEqual([202, 202, 202]);
    const ids = await Promise.all(
      responses.map(async (r) => ((await r.json()) as { eventId: string }).eventId),
    );
    expect(new Set(ids).size).toBe(1);
    const runId = await waitForEventRun(db.prisma, ids[0]!);
    expect((await waitForRunEnd(db.prisma, runId)).status).toBe("succeeded");
    expect(await runsOf(automationId)).toHaveLength(1);
    // The run's one action had one side effect at the API.
    expect(api.sideEffects.get(`${runId}:notify:1`)).toBe(1);
  });

  it("form-encoded bodies become the payload; a repeated field becomes a list", async () => {
    const { url } = await webhookAutomation();
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "name=Ada&tag=a&tag=b",
    });
    const { runId } = await acceptedRun(res);
    const run = await db.prisma.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.triggerPayload).toEqual({ name: "Ada", tag: ["a", "b"] });
    // "Listen for a test event": the builder's sample is the newest event since it asked.
    const sample = await latestSampleEvent(db.prisma, run.automationId, new Date(0));
    expect(sample).toMatchObject({ kind: "webhook", payload: { name: "Ada", tag: ["a", "b"] } });
    expect(await latestSampleEvent(db.prisma, run.automationId, new Date())).toBeNull();
  });

  it("refuses a 2 MB body with 413, a malformed JSON body with 400, an unknown token with 404; nothing is stored", async () => {
    const { url, automationId } = await webhookAutomation();
    const big = await post(url, JSON.stringify({ blob: "x".repeat(2 * 1024 * 1024) }));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: { code: "payload_too_large" } });
    // Without Content-Length (chunked), the limit holds while the body streams in.
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if ((sent += chunk.length) > 2 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const chunked = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    const bad = await post(url, '{"order": 42,');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_json" } });
    const text = await post(url, "hello", { "content-type": "text/plain" });
    expect(text.status).toBe(415);
    const unknown = await post(`${intake.url}/hooks/not-a-token`, "{}");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "not_found" } });
    const nul = await post(url, JSON.stringify({ name: "a\u0000b" }));
    expect(nul.status).toBe(400);
    expect((await fetch(url)).status).toBe(405);
    expect(await db.prisma.webhookEvent.count({ where: { automationId } })).toBe(0);
    expect(await runsOf(automationId)).toHaveLength(0);
  });

  it("Standard Webhooks: a valid signature is accepted, webhook-id dedupes; a bad one is 401 with no run", async () => {
    const { url, automationId } = await webhookAutomation({
      signature: { scheme: "standard-webhooks", secretEnv: "SWITCHYARD_WEBHOOK_SECRET_SW" },
    });
    const body = JSON.stringify({ type: "invoice.paid" });
    const id = `msg_${randomUUID()}`;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const key = Buffer.from(SW_SECRET.slice("whsec_".length), "base64");
    const sig = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
    const headers = { "webhook-id": id, "webhook-timestamp": timestamp };

    const forged = await post(url, body, {
      ...headers,
      "webhook-signature": `v1,${"A".repeat(44)}`,
    });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: { code: "invalid_signature" } });
    const unsigned = await post(url, body);
    expect(unsigned.status).toBe(401);
    expect(await runsOf(automationId)).toHaveLength(0);

    const good = await post(url, body, { ...headers, "webhook-signature": `v1,${sig}` });
    await acceptedRun(good);
    const again = await post(url, body, { ...headers, "webhook-signature": `v1,${sig}` });
    expect(again.status).toBe(202);
    expect(await runsOf(automationId)).toHaveLength(1);
    expect((await runsOf(automationId))[0]!.triggerKey).toBe(`webhook:${id}`);
  });

  it("GitHub: X-Hub-Signature-256 is checked against the raw body", async () => {
    const { url, automationId } = await webhookAutomation({
      signature: { scheme: "github", secretEnv: "SWITCHYARD_WEBHOOK_SECRET_GH" },
    });
    const body = JSON.stringify({ action: "opened" });
    const sig = `sha256=${createHmac("sha256", GH_SECRET).update(body).digest("hex")}`;
    const tampered = await post(url, body.replace("opened", "closed"), {
      "x-hub-signature-256": sig,
    });
    expect(tampered.status).toBe(401);
    expect(await runsOf(automationId)).toHaveLength(0);
    const good = await post(url, body, { "x-hub-signature-256": sig });
    await acceptedRun(good);
    expect(await runsOf(automationId)).toHaveLength(1);
  });

  it("a rotated token retires the old URL", async () => {
    const { url, automationId } = await webhookAutomation();
    const token = await rotateWebhookToken(db.prisma, automationId);
    expect((await post(url, "{}")).status).toBe(404);
    expect((await post(`${intake.url}/hooks/${token}`, "{}")).status).toBe(202);
  });

  it("paused and refusing: 409 and nothing stored; paused and queueing: 202, and resume runs the queue in order", async () => {
    const { url, automationId } = await webhookAutomation();
    await pauseAutomation(db.prisma, automationId, {
      reason: "maintenance",
      queueWhilePaused: false,
    });
    const refused = await post(url, JSON.stringify({ n: 0 }));
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: "automation_paused" } });

    await pauseAutomation(db.prisma, automationId, {
      reason: "maintenance",
      queueWhilePaused: true,
    });
    const eventIds: string[] = [];
    for (const n of [1, 2, 3]) {
      const res = await post(url, JSON.stringify({ n }), { "idempotency-key": `evt-${n}` });
      expect(res.status).toBe(202);
      const body = (await res.json()) as { eventId: string };
      expect(body).toMatchObject({ runId: null, queued: true });
      eventIds.push(body.eventId);
    }
    // A repeat while queued stays one queued event.
    expect((await post(url, JSON.stringify({ n: 1 }), { "idempotency-key": "evt-1" })).status).toBe(
      202,
    );
    // The worker puts them in the pause queue, in the order they arrived.
    await waitForRow(
      async () =>
        (await db.prisma.pendingTriggerEvent.count({ where: { automationId } })) === 3 || null,
      "three queued events",
    );
    expect(await runsOf(automationId)).toHaveLength(0);

    const { runIds } = await resumeAutomation(db.prisma, automationId);
    expect(runIds).toHaveLength(3);
    const runs = await Promise.all(runIds.map((id) => waitForRunEnd(db.prisma, id)));
    expect(runs.map((r) => r.triggerPayload)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(runs.every((r) => r.status === "succeeded")).toBe(true);
    expect(await db.prisma.pendingTriggerEvent.count({ where: { automationId } })).toBe(0);
    // After resume, a redelivery of a queued event finds its run.
    const redelivered = await post(url, JSON.stringify({ n: 1 }), { "idempotency-key": "evt-1" });
    expect(await redelivered.json()).toEqual({
      eventId: eventIds[0],
      runId: runIds[0],
      duplicate: true,
    });
  });

  it("an automation's own signing secret is checked at once, rotated at once, and wins over the variable", async () => {
    const { url, automationId } = await webhookAutomation({
      signature: { scheme: "github", secretEnv: "SWITCHYARD_WEBHOOK_SECRET_GH" },
    });
    const body = JSON.stringify({ action: "opened" });
    const signed = (secret: string) => ({
      "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
    });
    // Cached with the variable's secret first.
    await acceptedRun(await post(url, body, signed(GH_SECRET)));
    const ring = parseKeyRing(TEST_SECRETS_ENV.SWITCHYARD_ENCRYPTION_KEYS);
    const own = newWebhookSecret();
    await setWebhookSecret(db.prisma, ring, automationId, own);
    const stored = await db.prisma.automation.findUniqueOrThrow({ where: { id: automationId } });
    expect(stored.webhookSecret).not.toContain(own.slice(6)); // encrypted at rest
    // The intake's cache hears of the change: the variable's secret stops within moments.
    await waitForRow(
      async () => ((await post(url, body, signed(GH_SECRET))).status === 401 ? true : null),
      "the old secret refused",
      5_000,
    );
    await acceptedRun(await post(url, body, signed(own)));
    const rotated = newWebhookSecret();
    await setWebhookSecret(db.prisma, ring, automationId, rotated);
    await waitForRow(
      async () => ((await post(url, body, signed(own))).status === 401 ? true : null),
      "the rotated-out secret refused",
      5_000,
    );
    await acceptedRun(await post(url, body, signed(rotated)));
  });

  it("a saved version's trigger applies to the next event (no stale cache)", async () => {
    const { url, automationId, automation } = await webhookAutomation();
    await acceptedRun(await post(url, "{}"));
    const g = graph([httpNode("notify", `${api.url}/echo`)], [["trigger", "notify"]]);
    g.nodes[0]!.trigger = {
      kind: "webhook",
      webhook: { signature: { scheme: "github", secretEnv: "SWITCHYARD_WEBHOOK_SECRET_GH" } },
    };
    await saveAutomation(db.prisma, g, automation.name);
    await waitForRow(
      async () => ((await post(url, "{}")).status === 401 ? true : null),
      "unsigned events refused after the new version",
      5_000,
    );
    expect(await runsOf(automationId)).toHaveLength(1);
  });

  it("a signed trigger without any secret is a clear 500 naming what to set, and stores nothing", async () => {
    const { url, automationId } = await webhookAutomation({ signature: { scheme: "github" } });
    const res = await post(url, "{}", { "x-hub-signature-256": "sha256=00" });
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: { code: "webhook_secret_missing" } });
    expect(await db.prisma.webhookEvent.count({ where: { automationId } })).toBe(0);
  });
});
