import { afterAll, beforeAll, expect, it } from "vitest";
import { startFakeApi, type FakeApi } from "../fakes/fake-api";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { graph, httpNode } from "../support/graphs";
import { startGraphRun, waitForRow, waitForRunEnd } from "../support/runs";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";
import { retryFailed } from "../../worker/runs/retry-failed";
import { cancelRun } from "../../worker/runs/cancel-run";
import type { ForEachSpec, GraphNode } from "../../worker/engine/types";

// For-each (docs/semantics.md): items run in parallel up to the node's concurrency, each
// an isolated instance of its body; the node's outcome and output; its children; retry of
// the failed items only; idempotency keys per item; cancel.
let db: TestDatabase;
let api: FakeApi;
let worker: WorkerProcess;

beforeAll(async () => {
  [db, api] = await Promise.all([createTestDatabase(), startFakeApi()]);
  worker = await spawnWorker(db.url, { SWITCHYARD_WORKER_CONCURRENCY: "20" });
});

afterAll(async () => {
  await worker?.stop();
  await api?.close();
  await db?.drop();
});

const u = (path: string) => `${api.url}${path}`;

function forEach(id: string, spec: Partial<ForEachSpec> & Pick<ForEachSpec, "body">): GraphNode {
  return {
    id,
    type: "foreach",
    name: "Each order",
    forEach: { items: "{{ trigger.orders }}", ...spec },
  };
}

const orders = (n: number) => ({ orders: Array.from({ length: n }, (_, i) => ({ id: `o${i}` })) });

const items = (runId: string, nodeId = "each") =>
  db.prisma.forEachItem.findMany({ where: { runId, nodeId }, orderBy: { index: "asc" } });

it("runs the body once per item; one failing item fails only itself; the node partly succeeds and blocks its dependent child", async () => {
  for (let i = 0; i < 12; i++)
    api.script(`/each/o${i}`, [{ status: i === 4 || i === 9 ? 400 : 200, json: { ok: i } }]);
  const body = {
    nodes: [
      httpNode("charge", u("/each/{{ item.id }}"), {
        name: "Charge card",
        input: { method: "POST", url: u("/each/{{ item.id }}"), body: { order: "{{ item.id }}" } },
      }),
      httpNode("receipt", u("/echo"), {
        input: { method: "POST", url: u("/echo"), body: { charged: "{{ steps.charge.body.ok }}" } },
      }),
    ],
    edges: [{ from: "charge", to: "receipt", kind: "dependent" as const }],
  };
  const runId = await startGraphRun(
    db.prisma,
    graph(
      [
        forEach("each", { concurrency: 3, body }),
        httpNode("summary", u("/echo")),
        httpNode("audit", u("/echo")),
      ],
      [
        ["trigger", "each"],
        ["each", "summary"],
        ["each", "audit", "independent"],
      ],
    ),
    orders(12),
  );
  const run = await waitForRunEnd(db.prisma, runId, 60_000);
  expect(run.status).toBe("partially_succeeded");
  expect(run.openNodes).toBe(0);
  expect(run.node("each").state).toBe("partially_succeeded");
  expect(run.node("summary")).toMatchObject({
    state: "skipped",
    blockedBy: ["each"],
    rootCause: ["each"],
  });
  expect(run.node("audit").state).toBe("succeeded");
  const output = run.node("each").output as {
    total: number;
    succeededCount: number;
    failedCount: number;
    items: { index: number; outcome: string; output: Record<string, unknown> }[];
    succeededItems: unknown[];
  };
  expect(output).toMatchObject({ total: 12, succeededCount: 10, failedCount: 2 });
  expect(output.items.filter((i) => i.outcome === "failed").map((i) => i.index)).toEqual([4, 9]);
  expect(output.succeededItems).toHaveLength(10);
  expect(output.items[0]!.output).toHaveProperty("receipt");

  const rows = await items(runId);
  expect(rows.map((r) => r.state)).toEqual(
    rows.map((r) => (r.index === 4 || r.index === 9 ? "failed" : "succeeded")),
  );
  // Each step of each item is its own row, with its own key (runId:nodeId:generation:item).
  const steps = await db.prisma.nodeRun.findMany({ where: { runId, item: { gte: 0 } } });
  expect(steps).toHaveLength(24);
  const failedReceipt = steps.find((s) => s.nodeId === "receipt" && s.item === 4)!;
  expect(failedReceipt).toMatchObject({ state: "skipped", rootCause: ["charge"] });
  const charges = run.attempts.filter((a) => a.nodeId === "charge");
  expect(new Set(charges.map((a) => a.idempotencyKey)).size).toBe(12);
  expect(charges.map((a) => a.idempotencyKey)).toContain(`${runId}:charge:1:7`);
  // The item's data reached the step; the receipt read its own item's charge.
  const receipt7 = api.requests.find(
    (r) => r.path === "/echo" && JSON.stringify(r.json).includes('"charged":7'),
  );
  expect(receipt7).toBeDefined();

  // Concurrency 3: never more than three items' charges at once.
  const spans = charges.map((a) => [a.startedAt.getTime(), a.endedAt!.getTime()] as const);
  const overlap = Math.max(
    ...spans.map(([start]) => spans.filter(([s, e]) => s <= start && start < e).length),
  );
  expect(overlap).toBeLessThanOrEqual(3);

  // The report counts the items and groups their failures, items numbered from 1 (R15).
  const report = await waitForRow(
    () => db.prisma.outboxEmail.findFirst({ where: { runId, kind: "run_report" } }),
    "run report",
  );
  expect(report.text).toContain("Branch Each order: failed");
  expect(report.text).toContain("✗ Each order: 2 of 12 items failed");
  expect(report.text).toMatch(
    /2 items — Charge card failed: the service refused the request — .*\(items 5, 10\)/,
  );
  expect(report.html).toContain("2 of 12 items failed");

  // Retry failed part (R12): only items 4 and 9 run again, with keys of generation 2.
  api.script("/each/o4", [{ status: 200, json: { ok: 4 } }]);
  api.script("/each/o9", [{ status: 200, json: { ok: 9 } }]);
  const before = api.requests.length;
  await retryFailed(db.prisma, runId);
  const retried = await waitForRunEnd(db.prisma, runId, 60_000);
  expect(retried.status).toBe("succeeded");
  expect(retried.node("each").state).toBe("succeeded");
  expect(retried.node("summary").state).toBe("succeeded");
  const again = api.requests.slice(before).filter((r) => r.path.startsWith("/each/"));
  expect(again.map((r) => r.path).sort()).toEqual(["/each/o4", "/each/o9"]);
  const gen2 = retried.attempts.filter((a) => a.generation === 2 && a.nodeId === "charge");
  expect(gen2.map((a) => a.idempotencyKey).sort()).toEqual([
    `${runId}:charge:2:4`,
    `${runId}:charge:2:9`,
  ]);
  expect((await items(runId)).every((r) => r.state === "succeeded")).toBe(true);
});

it("R14: the first failed item sends a failure notice while the other items still run", async () => {
  api.script("/notice/o0", [{ status: 400, json: { error: "bad row" } }]);
  for (const i of [1, 2, 3])
    api.script(`/notice/o${i}`, [{ status: 200, json: {}, delayMs: 1_500 }]);
  const body = {
    nodes: [
      httpNode("save", u("/notice/{{ item.id }}"), {
        name: "Save row",
        input: { method: "POST", url: u("/notice/{{ item.id }}"), body: {} },
      }),
    ],
    edges: [],
  };
  const runId = await startGraphRun(
    db.prisma,
    graph([forEach("each", { concurrency: 2, body })], [["trigger", "each"]]),
    orders(4),
  );
  const notice = await waitForRow(
    () => db.prisma.outboxEmail.findFirst({ where: { runId, kind: "failure_notice" } }),
    "failure notice",
  );
  expect(notice.text).toContain("✗ Each order: 1 of 4 items failed");
  expect(notice.text).toContain("Save row failed: the service refused the request");
  expect(notice.text).toContain("Each order: running");
  const run = await waitForRunEnd(db.prisma, runId, 30_000);
  expect(run.status).toBe("partially_succeeded");
  expect(await db.prisma.outboxEmail.count({ where: { runId, kind: "failure_notice" } })).toBe(1);
});

it("continues with the items that succeeded when set to, and a condition inside reads the item", async () => {
  api.script("/pick/bad", [{ status: 400 }]);
  const body = {
    nodes: [
      {
        id: "is_big",
        type: "condition" as const,
        condition: { left: "{{ item.amount }}", operator: "greater_than" as const, right: 10 },
      },
      httpNode("pick", u("/pick/{{ item.path }}"), {
        input: { method: "POST", url: u("/pick/{{ item.path }}"), body: {} },
      }),
    ],
    edges: [{ from: "is_big", to: "pick", kind: "dependent" as const }],
  };
  api.script("/pick/ok", [{ status: 200, json: { picked: true } }]);
  const runId = await startGraphRun(
    db.prisma,
    graph(
      [
        forEach("each", { continueWithSucceeded: true, body }),
        httpNode("next", u("/echo"), {
          input: {
            method: "POST",
            url: u("/echo"),
            body: { n: "{{ steps.each.succeededCount }}" },
          },
        }),
      ],
      [
        ["trigger", "each"],
        ["each", "next"],
      ],
    ),
    {
      orders: [
        { amount: 50, path: "ok" },
        { amount: 5, path: "ok" },
        { amount: 70, path: "bad" },
      ],
    },
  );
  const run = await waitForRunEnd(db.prisma, runId, 30_000);
  expect(run.node("each").state).toBe("partially_succeeded");
  expect(run.node("next").state).toBe("succeeded");
  expect(run.status).toBe("partially_succeeded");
  const rows = await items(runId);
  expect(rows.map((r) => r.state)).toEqual(["succeeded", "succeeded", "failed"]);
  // Item 1 was small: its condition skipped the pick, an intended outcome.
  const small = await db.prisma.nodeRun.findFirstOrThrow({
    where: { runId, nodeId: "pick", item: 1 },
  });
  expect(small).toMatchObject({
    state: "skipped",
    reason: "dependency_not_succeeded",
    rootCause: ["is_big"],
  });
});

it("an empty list succeeds at once; a value that is not a list fails the node with a message", async () => {
  const body = { nodes: [httpNode("ping", u("/echo"))], edges: [] };
  const g = graph(
    [forEach("each", { body }), httpNode("after", u("/echo"))],
    [
      ["trigger", "each"],
      ["each", "after"],
    ],
  );
  const empty = await waitForRunEnd(db.prisma, await startGraphRun(db.prisma, g, { orders: [] }));
  expect(empty.status).toBe("succeeded");
  expect(empty.node("each")).toMatchObject({ state: "succeeded", output: { total: 0 } });
  expect(empty.node("after").state).toBe("succeeded");

  const wrong = await waitForRunEnd(
    db.prisma,
    await startGraphRun(db.prisma, g, { orders: { id: 1 } }),
  );
  expect(wrong.status).toBe("failed");
  expect(wrong.node("each").state).toBe("failed");
  expect(wrong.attemptsOf("each")[0]).toMatchObject({ errorClass: "input_validation" });
  expect(wrong.attemptsOf("each")[0]!.message).toContain("is not a list: it resolved to an object");
});

it("cancel stops every item: running steps and items not started end cancelled", async () => {
  const body = { nodes: [httpNode("wait", u("/slow/3000"))], edges: [] };
  const runId = await startGraphRun(
    db.prisma,
    graph([forEach("each", { concurrency: 2, body })], [["trigger", "each"]]),
    orders(6),
  );
  await expect
    .poll(() => db.prisma.nodeRun.count({ where: { runId, item: { gte: 0 }, state: "running" } }), {
      timeout: 10_000,
    })
    .toBe(2);
  await cancelRun(db.prisma, runId);
  const run = await waitForRunEnd(db.prisma, runId);
  expect(run.status).toBe("cancelled");
  const rows = await items(runId);
  expect(rows.filter((r) => r.state === "cancelled")).toHaveLength(6);
  // Nothing new starts after the cancel.
  await new Promise((r) => setTimeout(r, 500));
  expect(await db.prisma.nodeRun.count({ where: { runId, item: { gte: 2 } } })).toBe(0);
});
