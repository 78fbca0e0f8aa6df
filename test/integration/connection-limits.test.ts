import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseKeyRing } from "../../worker/connections/crypto";
import { ensureLocalOwner } from "../../worker/automations/ensure-local-owner";
import { cancelRun } from "../../worker/runs/cancel-run";
import type { ForEachSpec, GraphNode } from "../../worker/engine/types";
import { startFakeApi, type FakeApi, type RecordedRequest } from "../fakes/fake-api";
import { slack } from "../fakes/provider-responses";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { graph, httpNode } from "../support/graphs";
import { startGraphRun, waitForRow, waitForRunEnd } from "../support/runs";
import { seedOAuthConnection } from "../support/seed-connections";
import { TEST_SECRETS_ENV } from "../support/test-secrets";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";

// Per-connection limits (docs/connections.md, "Limits"): a step about to call through a
// connection at its limits waits for rate limit instead of calling; the limits hold across
// worker processes, counted where the provider sees them; steps on other connections are
// not held up (R4).
let db: TestDatabase;
let api: FakeApi;
let workers: WorkerProcess[] = [];
let owner: { userId: string; workspaceId: string };
const ring = parseKeyRing(TEST_SECRETS_ENV.SWITCHYARD_ENCRYPTION_KEYS);
const POST_PATH = `/slack${slack.postMessagePath}`;

beforeAll(async () => {
  [db, api] = await Promise.all([createTestDatabase(), startFakeApi()]);
  owner = await ensureLocalOwner(db.prisma);
  const env = {
    SWITCHYARD_CONNECTOR_BASE_URLS: JSON.stringify({ slack: `${api.url}/slack` }),
    SWITCHYARD_WORKER_CONCURRENCY: "10",
    // Not a crash test: a worker slowed down by a busy machine must not be presumed dead
    // and have its steps taken over (a second call of the same step).
    SWITCHYARD_WORKER_DEAD_AFTER_MS: "30000",
  };
  // Two processes share every limit.
  workers = await Promise.all([spawnWorker(db.url, env), spawnWorker(db.url, env)]);
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await api?.close();
  await db?.drop();
});

/** A Slack connection whose calls the fake API tells apart by its token. */
async function slackConnection(
  name: string,
  limits: {
    maxConcurrent?: number;
    rateLimitCount?: number;
    rateLimitWindow?: "second" | "minute";
  },
) {
  const id = await seedOAuthConnection(db.prisma, ring, {
    workspaceId: owner.workspaceId,
    ownerId: owner.userId,
    connectorId: "slack",
    accessToken: `token-${name}`,
    label: name,
  });
  await db.prisma.connection.update({ where: { id }, data: limits });
  return { id, calls: () => api.requestsTo(POST_PATH).filter(byToken(`token-${name}`)) };
}

const byToken = (token: string) => (r: RecordedRequest) =>
  r.headers.authorization === `Bearer ${token}`;

function postEach(id: string, connection: string, spec: Partial<ForEachSpec> = {}): GraphNode {
  return {
    id,
    type: "foreach",
    name: `Post each (${id})`,
    forEach: {
      items: "{{ trigger.rows }}",
      concurrency: 30,
      ...spec,
      body: {
        nodes: [
          {
            id: `${id}_post`,
            type: "action",
            action: "slack.post_message",
            connection,
            input: { channel: slack.channel, text: "row {{ item }}" },
          },
        ],
        edges: [],
      },
    },
  };
}

const rows = (n: number) => ({ rows: Array.from({ length: n }, (_, i) => i) });

/** The most requests that arrived within any `windowMs` (a window starting at each request). */
function mostInAnyWindow(requests: RecordedRequest[], windowMs: number): number {
  const starts = requests.map((r) => r.startedAt).sort((a, b) => a - b);
  return Math.max(0, ...starts.map((t) => starts.filter((s) => s >= t && s < t + windowMs).length));
}

/** The most requests open at once at the fake API. */
function mostAtOnce(requests: RecordedRequest[]): number {
  return Math.max(
    0,
    ...requests.map(
      (r) =>
        requests.filter((o) => o.startedAt <= r.startedAt && r.startedAt < (o.endedAt ?? Infinity))
          .length,
    ),
  );
}

it("a connection limited to 5 calls a second is never exceeded across two workers; a branch on another connection runs at full speed", async () => {
  api.script(POST_PATH, [slack.posted]);
  const limited = await slackConnection("limited", {
    rateLimitCount: 5,
    rateLimitWindow: "second",
  });
  const free = await slackConnection("free", {});
  const runId = await startGraphRun(
    db.prisma,
    graph(
      [postEach("limited_rows", limited.id), postEach("free_rows", free.id)],
      [
        ["trigger", "limited_rows"],
        ["trigger", "free_rows"],
      ],
    ),
    rows(30),
  );
  // Visibly waiting, not failed, while capacity runs out.
  const waiting = await waitForRow(
    () => db.prisma.nodeRun.findFirst({ where: { runId, state: "waiting_rate_limit" } }),
    "a step waiting for rate limit",
  );
  expect(waiting).toMatchObject({ nodeId: "limited_rows_post", waitingConnectionId: limited.id });

  const run = await waitForRunEnd(db.prisma, runId, 60_000);
  expect(run.status).toBe("succeeded");
  const steps = await db.prisma.nodeRun.findMany({ where: { runId, item: { gte: 0 } } });
  expect(steps).toHaveLength(60);
  expect(steps.every((s) => s.state === "succeeded")).toBe(true);

  const limitedCalls = limited.calls();
  expect(limitedCalls).toHaveLength(30);
  expect(mostInAnyWindow(limitedCalls, 1000)).toBeLessThanOrEqual(5);
  // Waiting opens no attempt: one attempt per call, none refused by the provider.
  const limitedAttempts = run.attemptsOf("limited_rows_post");
  expect(limitedAttempts).toHaveLength(30);
  expect(limitedAttempts.every((a) => a.outcome === "succeeded")).toBe(true);
  expect(new Set(limitedAttempts.map((a) => a.workerId)).size).toBe(2);

  // The sibling branch did not wait for the limited one: all of its calls were done
  // before the limited connection had made half of its own.
  const freeCalls = free.calls();
  expect(freeCalls).toHaveLength(30);
  const lastFree = Math.max(...freeCalls.map((r) => r.endedAt ?? Infinity));
  const limitedStarts = limitedCalls.map((r) => r.startedAt).sort((a, b) => a - b);
  expect(lastFree).toBeLessThan(limitedStarts[15]!);
  expect(run.node("free_rows").endedAt!.getTime()).toBeLessThan(
    run.node("limited_rows").endedAt!.getTime(),
  );
}, 90_000);

it("a connection allowed 2 calls at once never has more open at the provider", async () => {
  api.script(POST_PATH, [{ ...slack.posted, delayMs: 300 }]);
  const narrow = await slackConnection("narrow", { maxConcurrent: 2 });
  const runId = await startGraphRun(
    db.prisma,
    graph([postEach("rows", narrow.id, { concurrency: 10 })], [["trigger", "rows"]]),
    rows(10),
  );
  const run = await waitForRunEnd(db.prisma, runId, 60_000);
  expect(run.status).toBe("succeeded");
  const calls = narrow.calls();
  expect(calls).toHaveLength(10);
  expect(mostAtOnce(calls)).toBe(2);
  expect(run.attemptsOf("rows_post")).toHaveLength(10);
}, 90_000);

it("R13: cancel ends the steps waiting for rate limit; they make no call", async () => {
  api.script(POST_PATH, [slack.posted]);
  const slow = await slackConnection("per-minute", {
    rateLimitCount: 1,
    rateLimitWindow: "minute",
  });
  const runId = await startGraphRun(
    db.prisma,
    graph([postEach("rows", slow.id)], [["trigger", "rows"]]),
    rows(3),
  );
  const states = async () =>
    (await db.prisma.nodeRun.findMany({ where: { runId, item: { gte: 0 } } }))
      .map((s) => s.state)
      .sort();
  await waitForRow(
    async () =>
      (await states()).join() === "succeeded,waiting_rate_limit,waiting_rate_limit" || null,
    "one call made, two steps waiting for rate limit",
  );
  expect(await cancelRun(db.prisma, runId)).toMatchObject({ status: "cancelled" });
  expect(await states()).toEqual(["cancelled", "cancelled", "succeeded"]);
  expect(slow.calls()).toHaveLength(1);
  const run = await db.prisma.run.findUniqueOrThrow({ where: { id: runId } });
  expect(run).toMatchObject({ status: "cancelled", openNodes: 0 });
});

describe("the budget (switchyard_take_connection_slot)", () => {
  const t0 = Date.parse("2026-12-04T10:00:00.000Z");
  const at = (ms: number) => new Date(t0 + ms);
  let run: { id: string; workspaceId: string };

  beforeAll(async () => {
    api.script("/echo", [{ json: {} }]);
    const runId = await startGraphRun(
      db.prisma,
      graph([httpNode("noop", `${api.url}/echo`)], [["trigger", "noop"]]),
    );
    run = await waitForRunEnd(db.prisma, runId);
  });

  /** "go", or the wait in ms from t0 the function answers with. */
  async function take(connectionId: string, attemptId: string, ms: number, replaced?: string) {
    const [row] = await db.prisma.$queryRawUnsafe<{ wait: Date | null }[]>(
      `SELECT switchyard_take_connection_slot($1, $2, $3, $4, $5::timestamp(3)) AS wait`,
      connectionId,
      owner.workspaceId,
      attemptId,
      replaced ?? null,
      at(ms).toISOString().replace("Z", ""),
    );
    return row!.wait === null ? "go" : row!.wait.getTime() - t0;
  }

  /** The attempt a claim that was let through opens: running until `end` says otherwise. */
  async function started(id: string, ms: number) {
    const node = await db.prisma.nodeRun.create({
      data: {
        runId: run.id,
        workspaceId: run.workspaceId,
        nodeId: `step-${id}`,
        state: "running",
        currentAttemptId: id,
      },
    });
    await db.prisma.attempt.create({
      data: {
        id,
        runId: run.id,
        workspaceId: run.workspaceId,
        nodeRunId: node.id,
        nodeId: node.nodeId,
        generation: 1,
        number: 1,
        startedAt: at(ms),
        idempotencyKey: id,
      },
    });
  }

  async function end(id: string, ms: number, state: "succeeded" | "cancelled" = "succeeded") {
    const attempt = await db.prisma.attempt.findUniqueOrThrow({ where: { id } });
    await db.prisma.nodeRun.update({ where: { id: attempt.nodeRunId }, data: { state } });
    if (state === "succeeded") {
      await db.prisma.attempt.update({ where: { id }, data: { endedAt: at(ms) } });
    }
  }

  it("lets `count` calls through in any window; a call holds its slot until one window after its attempt ended", async () => {
    const { id } = await slackConnection("window", {
      rateLimitCount: 3,
      rateLimitWindow: "second",
    });
    expect(await take(id, "w1", 0)).toBe("go");
    await started("w1", 0);
    await end("w1", 100);
    expect(await take(id, "w2", 400)).toBe("go");
    await started("w2", 400);
    await end("w2", 450);
    expect(await take(id, "w3", 500)).toBe("go");
    await started("w3", 500);
    // Full until w1 ended a second ago; w3, still running, holds its slot at least a second.
    expect(await take(id, "w4", 600)).toBe(1100);
    expect(await take(id, "w4", 1099)).toBe(1100);
    expect(await take(id, "w4", 1100)).toBe("go");
    await started("w4", 1100);
    expect(await take(id, "w5", 1200)).toBe(1450);
    await end("w3", 1300);
    await end("w4", 1300);
    expect(await take(id, "w5", 1450)).toBe("go");
    await started("w5", 1450);
    await end("w5", 1500);
    // A quiet spell empties the window.
    for (const name of ["q1", "q2", "q3"]) {
      expect(await take(id, name, 5000)).toBe("go");
      await started(name, 5000);
    }
  });

  it("a per-minute window spans a minute", async () => {
    const { id } = await slackConnection("minute", {
      rateLimitCount: 1,
      rateLimitWindow: "minute",
    });
    expect(await take(id, "m1", 0)).toBe("go");
    await started("m1", 0);
    await end("m1", 200);
    expect(await take(id, "m2", 30_000)).toBe(60_200);
    expect(await take(id, "m2", 60_200)).toBe("go");
  });

  it("counts as running only attempts still their step's current one: a cancelled, lost or replaced attempt frees its slot", async () => {
    const { id } = await slackConnection("slots", { maxConcurrent: 1 });
    expect(await take(id, "c1", 0)).toBe("go");
    await started("c1", 0);
    expect(await take(id, "c2", 10)).toBe(210);
    // Cancelled while its worker was gone: the attempt never ends, the slot is free.
    await end("c1", 20, "cancelled");
    expect(await take(id, "c2", 20)).toBe("go");
    await started("c2", 20);
    // The claim that takes over from a dead worker's attempt replaces it.
    expect(await take(id, "c3", 30, "c2")).toBe("go");
    // An attempt that was let through but never written (the claim rolled back).
    expect(await take(id, "c4", 40, "c3")).toBe("go");
    expect(
      await db.prisma.connectionBudget.findUniqueOrThrow({ where: { connectionId: id } }),
    ).toMatchObject({ attempts: ["c4"] });
  });

  it("another workspace's connection is neither limited by it nor spends its budget", async () => {
    const { id } = await slackConnection("theirs", {
      rateLimitCount: 1,
      rateLimitWindow: "minute",
    });
    const [row] = await db.prisma.$queryRawUnsafe<{ wait: Date | null }[]>(
      `SELECT switchyard_take_connection_slot($1, 'another-workspace', 'x', NULL) AS wait`,
      id,
    );
    expect(row!.wait).toBeNull();
    expect(await db.prisma.connectionBudget.findUnique({ where: { connectionId: id } })).toBeNull();
  });
});
