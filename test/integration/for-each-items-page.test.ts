import { afterAll, beforeAll, expect, it } from "vitest";
import { listForEachItems } from "../../app/_server/runs/list-for-each-items";
import { runPageView } from "../../app/_server/ui/run-page-view";
import { ensureLocalOwner } from "../../worker/automations/ensure-local-owner";
import type { GraphNode } from "../../worker/engine/types";
import { startFakeApi, type FakeApi } from "../fakes/fake-api";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { graph, httpNode } from "../support/graphs";
import { startGraphRun, waitForRunEnd } from "../support/runs";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";

// The run page's per-item table and its REST twin read one page of a for-each's items at
// a time: counts per state, the page's rows in list order, a failed item's failing step
// and its last attempt, the attempts of the item's steps; scoped to the workspace.
let db: TestDatabase;
let api: FakeApi;
let worker: WorkerProcess;
let runId = "";
let actor: { userId: string; workspaceId: string };

const ITEMS = 120;
const REFUSED = [7, 64, 101];
const UNAVAILABLE = 30;

beforeAll(async () => {
  [db, api] = await Promise.all([createTestDatabase(), startFakeApi()]);
  worker = await spawnWorker(db.url, { SWITCHYARD_WORKER_CONCURRENCY: "20" });
  actor = await ensureLocalOwner(db.prisma);
  for (let i = 0; i < ITEMS; i++) {
    const status = REFUSED.includes(i) ? 400 : i === UNAVAILABLE ? 503 : 200;
    api.script(`/pay/o${i}`, [{ status, json: status === 200 ? { paid: i } : { error: "no" } }]);
  }
  const charge = httpNode("charge", `${api.url}/pay/{{ item.id }}`, {
    name: "Charge card",
    input: { method: "POST", url: `${api.url}/pay/{{ item.id }}`, body: {} },
    retry: { initialDelayMs: 50, maxDelayMs: 100 },
  });
  const each: GraphNode = {
    id: "each",
    type: "foreach",
    name: "Each order",
    forEach: {
      items: "{{ trigger.orders }}",
      concurrency: 20,
      body: {
        nodes: [charge, httpNode("receipt", `${api.url}/echo`, { name: "Send receipt" })],
        edges: [{ from: "charge", to: "receipt", kind: "dependent" }],
      },
    },
  };
  const orders = Array.from({ length: ITEMS }, (_, i) => ({ id: `o${i}`, token: `secret-${i}` }));
  runId = await startGraphRun(db.prisma, graph([each], [["trigger", "each"]]), { orders }, actor);
  const run = await waitForRunEnd(db.prisma, runId, 90_000);
  expect(run.node("each").state).toBe("partially_succeeded");
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await api?.close();
  await db?.drop();
});

it("pages the items in list order with counts per state", async () => {
  const first = await listForEachItems(db.prisma, actor, runId, "each", { page: 1, pageSize: 50 });
  expect(first.counts).toEqual({
    total: ITEMS,
    pending: 0,
    running: 0,
    succeeded: ITEMS - 4,
    failed: 4,
    cancelled: 0,
  });
  expect(first).toMatchObject({ page: 1, pageCount: 3, matching: ITEMS });
  expect(first.items.map((i) => i.index)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  // The item's value, its credential-like fields redacted; a succeeded item's outputs by step.
  expect(first.items[0]).toMatchObject({
    value: { id: "o0", token: "[redacted]" },
    state: "succeeded",
    error: null,
    attempts: 2,
  });
  expect(first.items[0]!.output).toHaveProperty("charge");
  const last = await listForEachItems(db.prisma, actor, runId, "each", { page: 3, pageSize: 50 });
  expect(last.items.map((i) => i.index)).toEqual(Array.from({ length: 20 }, (_, i) => 100 + i));
});

it("filters the failed items, each with the step that failed and its last attempt", async () => {
  const failed = await listForEachItems(db.prisma, actor, runId, "each", {
    state: "failed",
    page: 1,
    pageSize: 50,
  });
  expect(failed).toMatchObject({ state: "failed", matching: 4, pageCount: 1 });
  expect(failed.items.map((i) => i.index)).toEqual([7, UNAVAILABLE, 64, 101]);
  const byIndex = new Map(failed.items.map((i) => [i.index, i]));
  // A 400 is permanent: one attempt. A 503 is retried until the attempts run out (R7).
  expect(byIndex.get(7)).toMatchObject({
    attempts: 1,
    error: { nodeId: "charge", errorClass: "http_4xx", httpStatus: 400 },
  });
  expect(byIndex.get(UNAVAILABLE)).toMatchObject({
    attempts: 3,
    error: { nodeId: "charge", errorClass: "http_5xx", httpStatus: 503 },
  });
});

it("puts the items in words on the run page, without the for-each's per-item output", async () => {
  const view = await runPageView(db.prisma, actor, runId, {
    items: "each",
    state: "failed",
    page: 1,
  });
  const items = view.items.each!;
  expect(items.countWords).toBe("4 of 120 items failed");
  expect(items.rows[0]).toMatchObject({
    index: 7,
    preview: '{"id":"o7","token":"[redacted]"}',
    outcomeWords: "failed",
    attempts: 1,
  });
  expect(items.rows[0]!.error).toMatch(
    /^Charge card failed: the service refused the request \(HTTP 400\)\. /,
  );
  const card = view.nodes.find((n) => n.id === "each")!;
  expect(card.output).toEqual({ total: ITEMS, succeededCount: ITEMS - 4, failedCount: 4 });
  // Another for-each's table would open on its first page of all items; this one asked.
  const unfiltered = await runPageView(db.prisma, actor, runId, { page: 1 });
  expect(unfiltered.items.each).toMatchObject({ state: null, page: 1, pageCount: 3 });
});

it("answers not found for another workspace's run and for a step that is not a for-each", async () => {
  const other = { userId: actor.userId, workspaceId: "another-workspace" };
  await expect(
    listForEachItems(db.prisma, other, runId, "each", { page: 1, pageSize: 50 }),
  ).rejects.toMatchObject({ code: "not_found" });
  await expect(
    listForEachItems(db.prisma, actor, runId, "charge", { page: 1, pageSize: 50 }),
  ).rejects.toMatchObject({ code: "not_found" });
});
