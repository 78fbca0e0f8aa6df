import { afterAll, beforeAll, expect, it } from "vitest";
import { startFakeApi, type FakeApi } from "../fakes/fake-api";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { graph, httpNode } from "../support/graphs";
import { startGraphRun, waitForRunEnd } from "../support/runs";
import { waitFor } from "../support/wait-for";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";
import { retryFailed } from "../../worker/runs/retry-failed";

// A for-each over 1,000 items, 3 % of them failing, while a worker is SIGKILLed mid-run:
// the run ends, exactly the bad items failed, every good item's effect reached the
// provider under its own key (a step cut off by the kill runs again with the same key),
// and retrying the failed part runs those 31 items only.
let db: TestDatabase;
let api: FakeApi;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  [db, api] = await Promise.all([createTestDatabase(), startFakeApi()]);
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await api?.close();
  await db?.drop();
});

const ITEMS = 1_000;
const isBad = (i: number) => i % 33 === 7;
const BAD = Array.from({ length: ITEMS }, (_, i) => i).filter(isBad).length; // 31, 3 %

it("1,000 items, 3 % failing, a worker SIGKILLed mid-run: only the bad items fail and only they run again", async () => {
  const env = { SWITCHYARD_WORKER_CONCURRENCY: "10" };
  workers.push(await spawnWorker(db.url, env), await spawnWorker(db.url, env));
  const rows = Array.from({ length: ITEMS }, (_, i) => ({
    path: isBad(i) ? `/bulk/bad/${i}` : "/slow/15",
  }));
  for (let i = 0; i < ITEMS; i++) if (isBad(i)) api.script(`/bulk/bad/${i}`, [{ status: 400 }]);
  const runId = await startGraphRun(
    db.prisma,
    graph(
      [
        {
          id: "each",
          type: "foreach",
          name: "Each row",
          forEach: {
            items: "{{ trigger.rows }}",
            concurrency: 50,
            body: {
              nodes: [
                httpNode("save", `${api.url}{{ item.path }}`, {
                  name: "Save row",
                  input: { method: "POST", url: `${api.url}{{ item.path }}`, body: {} },
                }),
              ],
              edges: [],
            },
          },
        },
      ],
      [["trigger", "each"]],
    ),
    { rows },
  );
  const done = () => db.prisma.forEachItem.count({ where: { runId, state: { not: "running" } } });
  await waitFor(async () => (await done()) >= 300, 60_000, "300 items ended");
  await workers[0]!.kill();
  workers.push(await spawnWorker(db.url, env));

  const run = await waitForRunEnd(db.prisma, runId, 120_000);
  expect(run.status).toBe("partially_succeeded");
  expect(run.node("each").state).toBe("partially_succeeded");
  expect(run.node("each").output).toMatchObject({ total: ITEMS, failedCount: BAD });
  const items = await db.prisma.forEachItem.findMany({
    where: { runId },
    orderBy: { index: "asc" },
  });
  expect(items.filter((i) => i.state === "failed").map((i) => i.index)).toEqual(
    items.map((i) => i.index).filter(isBad),
  );

  // Each good item's effect reached the provider, under its own key; a key sent twice
  // belongs to an attempt the kill cut off (abandoned), which the provider deduplicates.
  const attempts = await db.prisma.attempt.findMany({ where: { runId, nodeId: "save" } });
  for (let i = 0; i < ITEMS; i++) {
    if (isBad(i)) continue;
    expect(api.sideEffects.get(`${runId}:save:1:${i}`) ?? 0, `item ${i}`).toBeGreaterThanOrEqual(1);
  }
  const abandoned = new Set(
    attempts.filter((a) => a.outcome === "abandoned").map((a) => a.idempotencyKey),
  );
  for (const [key, count] of api.sideEffects) {
    if (key.startsWith(`${runId}:`) && count > 1) expect(abandoned.has(key), key).toBe(true);
  }
  console.log(
    `${ITEMS} items, ${BAD} failing, 1 SIGKILL: ${abandoned.size} attempts abandoned and re-run, ` +
      `${[...api.sideEffects.values()].filter((c) => c > 1).length} keys delivered twice (deduplicated by key)`,
  );

  // Retry failed part: the bad items, now fixed, and nothing else.
  for (let i = 0; i < ITEMS; i++) if (isBad(i)) api.script(`/bulk/bad/${i}`, [{ status: 200 }]);
  const before = api.requests.length;
  await retryFailed(db.prisma, runId);
  const retried = await waitForRunEnd(db.prisma, runId, 60_000);
  expect(retried.status).toBe("succeeded");
  const again = api.requests.slice(before);
  expect(again).toHaveLength(BAD);
  expect(again.every((r) => r.path.startsWith("/bulk/bad/"))).toBe(true);
  expect(await db.prisma.forEachItem.count({ where: { runId, state: "succeeded" } })).toBe(ITEMS);
}, 240_000);
