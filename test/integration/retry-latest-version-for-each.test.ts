import { afterAll, beforeAll, expect, it } from "vitest";
import { runPageView } from "../../app/_server/ui/run-page-view";
import { ensureLocalOwner } from "../../worker/automations/ensure-local-owner";
import { startFakeApi, type FakeApi } from "../fakes/fake-api";
import { saveAutomation } from "../support/automations";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { graph, httpNode } from "../support/graphs";
import { waitForRunEnd } from "../support/runs";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";
import type { Graph, GraphNode } from "../../worker/engine/types";
import { describeNodeProgress } from "../../worker/cli/format";
import { stepNames } from "../../worker/names";
import { getRun } from "../../worker/runs/get-run";
import { prismaSql } from "../../worker/runs/store/sql";
import { retryOnLatestVersion } from "../../worker/runs/retry-failed";
import { startRun } from "../../worker/runs/start-run";

// "Retry on the latest version" inside a for-each: a body step changed in the new version
// runs again in every item, steps above it in the body keep their outputs; with the body
// unchanged only the items that failed run again.
let db: TestDatabase;
let api: FakeApi;
let worker: WorkerProcess;

beforeAll(async () => {
  [db, api] = await Promise.all([createTestDatabase(), startFakeApi()]);
  worker = await spawnWorker(db.url, { SWITCHYARD_WORKER_CONCURRENCY: "10" });
});

afterAll(async () => {
  await worker?.stop();
  await api?.close();
  await db?.drop();
});

const u = (path: string) => `${api.url}${path}`;
const ITEMS = [0, 1, 2, 3, 4];
const FAILING = new Set([1, 3]);

/** t -> each[ fetch -> charge ] -> audit (independent): charge reads fetch's output. */
function version(prefix: string, chargePath: string, auditPath = "/echo"): Graph {
  const body = {
    nodes: [
      httpNode("fetch", u(`${prefix}/fetch/{{ item.id }}`), { retry: { maxAttempts: 1 } }),
      httpNode("charge", "", {
        name: "Charge card",
        retry: { maxAttempts: 1 },
        input: {
          method: "POST",
          url: u(`${prefix}${chargePath}/{{ item.id }}`),
          body: { price: "{{ steps.fetch.body.price }}" },
        },
      }),
    ],
    edges: [{ from: "fetch", to: "charge", kind: "dependent" as const }],
  };
  const each: GraphNode = {
    id: "each",
    type: "foreach",
    name: "Each order",
    forEach: { items: "{{ trigger.orders }}", body },
  };
  return graph(
    [each, httpNode("audit", u(auditPath))],
    [
      ["trigger", "each"],
      ["each", "audit", "independent"],
    ],
  );
}

async function firstGenerationWithTwoFailures(prefix: string) {
  for (const i of ITEMS) {
    api.script(`${prefix}/fetch/o${i}`, [{ json: { price: 10 + i } }]);
    api.script(
      `${prefix}/charge/o${i}`,
      FAILING.has(i)
        ? [{ status: 400, json: { error: "card declined" } }, { json: { ok: i } }]
        : [{ json: { ok: i } }],
    );
  }
  const name = `Charge orders ${prefix}`;
  const v1 = await saveAutomation(db.prisma, version(prefix, "/charge"), name);
  const { runId } = await startRun(db.prisma, {
    versionId: v1.versionId,
    ownerId: v1.owner.userId,
    triggerPayload: {
      orders: ITEMS.map((i) => ({ id: `o${i}` })),
      firstOrders: [0, 1, 2].map((i) => ({ id: `o${i}` })),
    },
  });
  const first = await waitForRunEnd(db.prisma, runId, 60_000);
  expect(first.status).toBe("partially_succeeded");
  expect(first.node("each").state).toBe("partially_succeeded");
  return { runId, name };
}

const itemRows = (runId: string) =>
  db.prisma.forEachItem.findMany({ where: { runId, nodeId: "each" }, orderBy: { index: "asc" } });

it("a changed body step runs again in every item with new keys; the unchanged step above it keeps its outputs", async () => {
  const prefix = "/changed";
  const { runId, name } = await firstGenerationWithTwoFailures(prefix);
  for (const i of ITEMS) api.script(`${prefix}/charge-eur/o${i}`, [{ json: { ok: i, eur: true } }]);
  await saveAutomation(db.prisma, version(prefix, "/charge-eur"), name);

  const started = await retryOnLatestVersion(db.prisma, runId);
  expect(started).toMatchObject({ generation: 2, versionNumber: 2 });
  const second = await waitForRunEnd(db.prisma, runId, 60_000);
  expect(second.status).toBe("succeeded");

  // Every item ran the changed step once, with the price its kept fetch had returned.
  for (const i of ITEMS) {
    expect(api.requestsTo(`${prefix}/fetch/o${i}`)).toHaveLength(1);
    const charged = api.requestsTo(`${prefix}/charge-eur/o${i}`);
    expect(charged).toHaveLength(1);
    expect(charged[0]!.json).toEqual({ price: 10 + i });
  }
  const charges = second.attemptsOf("charge").filter((a) => a.generation === 2);
  expect(charges.map((a) => a.idempotencyKey).sort()).toEqual(
    ITEMS.map((i) => `${runId}:charge:2:${i}`).sort(),
  );
  const steps = await db.prisma.nodeRun.findMany({
    where: { runId, item: { gte: 0 } },
    orderBy: [{ item: "asc" }, { nodeId: "asc" }],
  });
  expect(steps.map((s) => [s.item, s.nodeId, s.state, s.generation])).toEqual(
    ITEMS.flatMap((i) => [
      [i, "charge", "succeeded", 2],
      [i, "fetch", "succeeded", 1],
    ]),
  );
  const items = await itemRows(runId);
  expect(items.map((r) => [r.state, r.generation])).toEqual(ITEMS.map(() => ["succeeded", 2]));
  expect(items[2]!.output).toEqual({
    fetch: expect.objectContaining({ body: { price: 12 } }),
    charge: expect.objectContaining({ body: { ok: 2, eur: true } }),
  });

  const details = await getRun(prismaSql(db.prisma), runId);
  expect(details.generations[1]?.plan?.forEach).toEqual({
    each: { restart: null, rerunSteps: [{ stepId: "charge", reason: "changed" }] },
  });
  // The page says, in words, what ran again inside the items and that every item did.
  const page = await runPageView(db.prisma, await ensureLocalOwner(db.prisma), runId, { page: 1 });
  expect(page.generations[1]?.changes?.items).toEqual([
    {
      forEach: "Each order",
      words:
        "Charge card (changed in version 2) ran again in every item; the other steps of items that had succeeded kept their results",
    },
  ]);
  expect(page.items.each!.rows.map((r) => r.outcomeWords)).toEqual(
    ITEMS.map(() => "succeeded (ran in generation 2)"),
  );
});

it("with the body unchanged only the items that failed run again; the others keep theirs", async () => {
  const prefix = "/unchanged";
  const { runId, name } = await firstGenerationWithTwoFailures(prefix);
  // Version 2 changes only a step beside the for-each.
  await saveAutomation(db.prisma, version(prefix, "/charge", "/echo?v=2"), name);

  await retryOnLatestVersion(db.prisma, runId);
  const second = await waitForRunEnd(db.prisma, runId, 60_000);
  expect(second.status).toBe("succeeded");
  for (const i of ITEMS) {
    expect(api.requestsTo(`${prefix}/fetch/o${i}`)).toHaveLength(1);
    expect(api.requestsTo(`${prefix}/charge/o${i}`)).toHaveLength(FAILING.has(i) ? 2 : 1);
  }
  const items = await itemRows(runId);
  expect(items.map((r) => [r.state, r.generation])).toEqual(
    ITEMS.map((i) => ["succeeded", FAILING.has(i) ? 2 : 1]),
  );
  const page = await runPageView(db.prisma, await ensureLocalOwner(db.prisma), runId, { page: 1 });
  expect(page.items.each!.rows.map((r) => r.outcomeWords)).toEqual(
    ITEMS.map(
      (i) =>
        `succeeded (${FAILING.has(i) ? "ran in" : "kept from"} generation ${FAILING.has(i) ? 2 : 1})`,
    ),
  );
  expect(page.generations[1]?.changes?.items).toEqual([
    { forEach: "Each order", words: "only the items that did not succeed ran again" },
  ]);
  // The run's details count the kept items, and the CLI says so.
  const details = await getRun(prismaSql(db.prisma), runId);
  const each = details.nodeRuns.find((n) => n.nodeId === "each")!;
  expect(each.output).toMatchObject({ total: 5, failedCount: 0, keptCount: 3 });
  const asAnswered = {
    ...each,
    startedAt: each.startedAt?.toISOString() ?? null,
    endedAt: each.endedAt?.toISOString() ?? null,
  };
  expect(describeNodeProgress(stepNames(details.topo.graph), asAnswered, [], 2)).toMatch(
    /Each order\s+succeeded: 5 items, 3 kept from an earlier generation$/,
  );
  const rerunKeys = second
    .attemptsOf("charge")
    .filter((a) => a.generation === 2)
    .map((a) => a.idempotencyKey);
  expect(rerunKeys.sort()).toEqual([`${runId}:charge:2:1`, `${runId}:charge:2:3`]);
});

it("a changed list starts every item over", async () => {
  const prefix = "/relist";
  const { runId, name } = await firstGenerationWithTwoFailures(prefix);
  const relisted = version(prefix, "/charge");
  const each = relisted.nodes.find((n) => n.id === "each")!;
  each.forEach = { ...each.forEach!, items: "{{ trigger.firstOrders }}" };
  await saveAutomation(db.prisma, relisted, name);
  await retryOnLatestVersion(db.prisma, runId);
  const second = await waitForRunEnd(db.prisma, runId, 60_000);
  expect(second.status).toBe("succeeded");
  const items = await itemRows(runId);
  expect(items.map((r) => [r.index, r.state, r.generation])).toEqual([
    [0, "succeeded", 2],
    [1, "succeeded", 2],
    [2, "succeeded", 2],
  ]);
  for (const i of [0, 1, 2]) expect(api.requestsTo(`${prefix}/fetch/o${i}`)).toHaveLength(2);
  const page = await runPageView(db.prisma, await ensureLocalOwner(db.prisma), runId, { page: 1 });
  expect(page.generations[1]?.changes?.items).toEqual([
    {
      forEach: "Each order",
      words: "every item ran from the start: its list changed in version 2",
    },
  ]);
  // The items the new list no longer has are gone with their steps.
  const steps = await db.prisma.nodeRun.findMany({ where: { runId, item: { gte: 3 } } });
  expect(steps).toEqual([]);
});
