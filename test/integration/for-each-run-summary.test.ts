import { z } from "zod";
import { afterAll, beforeAll, expect, it } from "vitest";
import { apiRoutes } from "../../app/api/v1/_schemas/route-table";
import { getRunForActor } from "../../app/_server/runs/get-run-for-actor";
import { ensureLocalOwner } from "../../worker/automations/ensure-local-owner";
import { FOR_EACH_ITEMS_IN_RUN } from "../../worker/runs/store/read-run";
import { prismaSql } from "../../worker/runs/store/sql";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { graph } from "../support/graphs";
import { startGraphRun, waitForRunEnd } from "../support/runs";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";

// A run's details (GET /api/v1/runs/{id}) carry a for-each's counts and its first items,
// not every item's output: a 5,000-item for-each answers in a few kilobytes.
let db: TestDatabase;
let worker: WorkerProcess;

beforeAll(async () => {
  db = await createTestDatabase();
  worker = await spawnWorker(db.url);
});

afterAll(async () => {
  await worker?.stop();
  await db?.drop();
});

const ITEMS = 5_000;

it("answers a 5,000-item for-each's run with its counts and first page only", async () => {
  // A body of one condition: the items end without calling anything, and each item's
  // output still holds a few dozen bytes.
  const body = {
    nodes: [
      {
        id: "big",
        type: "condition" as const,
        condition: { left: "{{ item.n }}", operator: "less_than" as const, right: ITEMS * 2 },
      },
    ],
    edges: [],
  };
  const runId = await startGraphRun(
    db.prisma,
    graph(
      [
        {
          id: "each",
          type: "foreach",
          forEach: { items: "{{ trigger.list }}", concurrency: 100, body },
        },
      ],
      [["trigger", "each"]],
    ),
    { list: Array.from({ length: ITEMS }, (_, n) => ({ n, note: `order number ${n}` })) },
  );
  const ended = await waitForRunEnd(db.prisma, runId, 120_000);
  expect(ended.status).toBe("succeeded");
  const stored = JSON.stringify(ended.node("each").output);
  expect(stored.length).toBeGreaterThan(200_000);

  const details = await getRunForActor(
    prismaSql(db.prisma),
    await ensureLocalOwner(db.prisma),
    runId,
  );
  const answer = JSON.stringify(z.encode(apiRoutes.getRun.response, details));
  // The trigger payload is the list itself (in the run and as the trigger's output); the
  // rest of the answer stays small.
  const each = details.nodeRuns.find((n) => n.nodeId === "each")!;
  const output = each.output as { total: number; items: { index: number }[] };
  expect(output).toMatchObject({ total: ITEMS, succeededCount: ITEMS, failedCount: 0 });
  expect(output.items.map((i) => i.index)).toEqual(
    Array.from({ length: FOR_EACH_ITEMS_IN_RUN }, (_, i) => i),
  );
  expect(output).not.toHaveProperty("succeededItems");
  expect(JSON.stringify(output).length).toBeLessThan(20_000);
  const payload = JSON.stringify(details.triggerPayload).length;
  expect(answer.length - 2 * payload).toBeLessThan(30_000);
}, 180_000);
