import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureLocalOwner } from "../../worker/automations/ensure-local-owner";
import { parseKeyRing } from "../../worker/connections/crypto";
import { startFakeApi, type FakeApi } from "../fakes/fake-api";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { graph, httpNode } from "../support/graphs";
import { startGraphRun, waitForRunEnd } from "../support/runs";
import { seedOAuthConnection } from "../support/seed-connections";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";

// Every way a provider misbehaves, as siblings of one healthy branch: each node
// ends in the state the contract says (R7), and the healthy branch is unaffected (R4).
let db: TestDatabase;
let api: FakeApi;
let worker: WorkerProcess;
const keys = `rel:${randomBytes(32).toString("base64")}`;

beforeAll(async () => {
  [db, api] = await Promise.all([createTestDatabase(), startFakeApi()]);
  worker = await spawnWorker(db.url, {
    SWITCHYARD_ENCRYPTION_KEYS: keys,
    SWITCHYARD_CONNECTOR_BASE_URLS: JSON.stringify({ slack: `${api.url}/slack` }),
  });
});

afterAll(async () => {
  await worker?.stop();
  await api?.close();
  await db?.drop();
});

it("R4/R7: 5xx, 429 + Retry-After, timeouts, slow bodies, malformed JSON, wrong schema, closed connections", async () => {
  const u = (p: string) => `${api.url}${p}`;
  api.script("/healthy", [{ json: { ok: true } }]);
  api.script("/e500", [{ status: 500, json: { error: "boom" } }]);
  api.script("/r429", [{ status: 429, headers: { "retry-after": "1" } }, { json: { ok: true } }]);
  api.script("/slow-headers", [{ delayMs: 5_000 }]);
  api.script("/slow-body", [{ hangMs: 5_000, json: { late: true } }]);
  api.script("/malformed", [
    { body: '{"unterminated": ', headers: { "content-type": "application/json" } },
  ]);
  api.script("/closed", [{ destroySocket: true }]);
  api.script("/slack/chat.postMessage", [{ json: { ok: true, unexpected: "shape" } }]);

  const owner = await ensureLocalOwner(db.prisma);
  const slack = await seedOAuthConnection(db.prisma, parseKeyRing(keys), {
    workspaceId: owner.workspaceId,
    ownerId: owner.userId,
    connectorId: "slack",
    accessToken: "xoxb-test",
  });
  const fast = { maxAttempts: 2, initialDelayMs: 50 };
  const runId = await startGraphRun(
    db.prisma,
    graph(
      [
        httpNode("healthy", u("/healthy")),
        httpNode("after_healthy", u("/echo")),
        httpNode("e500", u("/e500"), { retry: fast }),
        httpNode("r429", u("/r429"), { retry: { initialDelayMs: 50 } }),
        httpNode("slow_headers", u("/slow-headers"), { timeoutMs: 300, retry: fast }),
        httpNode("slow_body", u("/slow-body"), { timeoutMs: 300, retry: fast }),
        httpNode("malformed", u("/malformed")),
        httpNode("closed", u("/closed"), { retry: fast }),
        {
          id: "wrong_schema",
          type: "action",
          action: "slack.post_message",
          connection: slack,
          input: { channel: "C1", text: "hi" },
        },
      ],
      [
        ["trigger", "healthy"],
        ["healthy", "after_healthy"],
        ["trigger", "e500"],
        ["trigger", "r429"],
        ["trigger", "slow_headers"],
        ["trigger", "slow_body"],
        ["trigger", "malformed"],
        ["trigger", "closed"],
        ["trigger", "wrong_schema"],
      ],
    ),
  );
  const run = await waitForRunEnd(db.prisma, runId, 30_000);
  const outcome = (id: string) => ({
    state: run.node(id).state,
    classes: run.attemptsOf(id).map((a) => a.errorClass),
  });
  expect(outcome("healthy")).toEqual({ state: "succeeded", classes: [null] });
  expect(outcome("after_healthy")).toEqual({ state: "succeeded", classes: [null] });
  expect(outcome("e500")).toEqual({ state: "failed", classes: ["http_5xx", "http_5xx"] });
  expect(outcome("r429")).toEqual({ state: "succeeded", classes: ["http_429", null] });
  expect(outcome("slow_headers")).toEqual({ state: "failed", classes: ["timeout", "timeout"] });
  expect(outcome("slow_body")).toEqual({ state: "failed", classes: ["timeout", "timeout"] });
  expect(outcome("malformed")).toEqual({ state: "failed", classes: ["output_validation"] });
  expect(outcome("closed")).toEqual({ state: "failed", classes: ["network", "network"] });
  expect(outcome("wrong_schema")).toEqual({ state: "failed", classes: ["output_validation"] });
  expect(run.status).toBe("partially_succeeded");

  // The healthy branch finished long before the slow and retried siblings did.
  const healthyEnd = run.attemptsOf("after_healthy")[0]!.endedAt!.getTime();
  const slowestEnd = Math.max(...run.attempts.map((a) => a.endedAt!.getTime()));
  expect(healthyEnd).toBeLessThan(slowestEnd);
});
