import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeApi, type FakeApi } from "../../fakes/fake-api";
import { saveAutomation } from "../../support/automations";
import { createTestDatabase, type TestDatabase } from "../../support/database";
import { graph, httpNode } from "../../support/graphs";
import { waitForRunEnd } from "../../support/runs";
import { serveHandler, type ServedHandler } from "../../support/serve-handler";
import { spawnWorker, type WorkerProcess } from "../../support/worker-process";
import type { TriggerConfig } from "../../../worker/engine/types";
import { createWebhookHandler } from "../../../worker/triggers/accept-webhook";
import { pauseAutomation } from "../../../worker/triggers/pause-automation";
import { resumeAutomation } from "../../../worker/triggers/resume-automation";
import { rotateWebhookToken } from "../../../worker/triggers/rotate-webhook-token";
import { latestSampleEvent } from "../../../worker/triggers/sample-event";

// The intake over real HTTP (node:http serving the same handler the Next route calls),
// real Postgres, one real worker process running the accepted runs.
const SW_SECRET = `whsec_${randomBytes(24).toString("base64")}`;
const GH_SECRET = randomBytes(16).toString("hex");

let db: TestDatabase;
let api: FakeApi;
let intake: ServedHandler;
let worker: WorkerProcess;

beforeAll(async () => {
  [db, api] = await Promise.all([createTestDatabase(), startFakeApi()]);
  intake = await serveHandler(
    createWebhookHandler({
      prisma: db.prisma,
      env: {
        ...process.env,
        SWITCHYARD_WEBHOOK_SECRET_SW: SW_SECRET,
        SWITCHYARD_WEBHOOK_SECRET_GH: GH_SECRET,
        SWITCHYARD_WEBHOOK_MAX_BYTES: String(1024 * 1024),
      },
    }),
  );
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

const runsOf = (automationId: string) =>
  db.prisma.run.findMany({ where: { automationId }, orderBy: { createdAt: "asc" } });

describe("webhook trigger", () => {
  it("answers 202 with the run id only once the run exists, and the run happens", async () => {
    const { url, automationId } = await webhookAutomation();
    const res = await post(url, JSON.stringify({ order: 42 }));
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
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
      ids.push(((await res.json()) as { runId: string }).runId);
    }
    expect(new Set(ids).size).toBe(1);
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
      responses.map(async (r) => ((await r.json()) as { runId: string }).runId),
    );
    expect(new Set(ids).size).toBe(1);
    expect(await runsOf(automationId)).toHaveLength(1);
    expect((await waitForRunEnd(db.prisma, ids[0]!)).status).toBe("succeeded");
    // The run's one action had one side effect at the API.
    expect(api.sideEffects.get(`${ids[0]}:notify:1`)).toBe(1);
  });

  it("form-encoded bodies become the payload; a repeated field becomes a list", async () => {
    const { url } = await webhookAutomation();
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "name=Ada&tag=a&tag=b",
    });
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
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
    expect(good.status).toBe(202);
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
    expect(good.status).toBe(202);
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
    for (const n of [1, 2, 3]) {
      const res = await post(url, JSON.stringify({ n }), { "idempotency-key": `evt-${n}` });
      expect(res.status).toBe(202);
      expect(await res.json()).toMatchObject({ runId: null, queued: true });
    }
    // A repeat while queued stays one queued event.
    expect((await post(url, JSON.stringify({ n: 1 }), { "idempotency-key": "evt-1" })).status).toBe(
      202,
    );
    expect(await runsOf(automationId)).toHaveLength(0);
    expect(await db.prisma.pendingTriggerEvent.count({ where: { automationId } })).toBe(3);

    const { runIds } = await resumeAutomation(db.prisma, automationId);
    expect(runIds).toHaveLength(3);
    const runs = await Promise.all(runIds.map((id) => waitForRunEnd(db.prisma, id)));
    expect(runs.map((r) => r.triggerPayload)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(runs.every((r) => r.status === "succeeded")).toBe(true);
    expect(await db.prisma.pendingTriggerEvent.count({ where: { automationId } })).toBe(0);
    // After resume, a redelivery of a queued event finds its run.
    const redelivered = await post(url, JSON.stringify({ n: 1 }), { "idempotency-key": "evt-1" });
    expect(await redelivered.json()).toEqual({ runId: runIds[0] });
  });
});
