import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { graph } from "../support/graphs";
import { startGraphRun, waitForRunEnd } from "../support/runs";
import { waitFor } from "../support/wait-for";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";

// A worker vacuums graphile-worker's job table once enough jobs have finished, so fetching
// the next job does not walk the index entries of finished ones (worker/queue-vacuum.ts).

let db: TestDatabase;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await worker?.stop();
  await db?.drop();
});

async function jobTableVacuums(): Promise<number> {
  // Another backend's statistics reach the view within about a second (PGSTAT_MIN_INTERVAL).
  const [row] = await db.prisma.$queryRaw<{ n: bigint }[]>`
    SELECT vacuum_count AS n FROM pg_stat_user_tables
     WHERE relid = 'graphile_worker._private_jobs'::regclass`;
  return Number(row!.n);
}

it("vacuums the job table after the set number of finished jobs", async () => {
  worker = await spawnWorker(db.url, { SWITCHYARD_WORKER_QUEUE_VACUUM_AFTER_JOBS: "20" });
  const before = await jobTableVacuums();
  const steps = Array.from({ length: 30 }, (_, i) => ({
    id: `step_${i}`,
    type: "action" as const,
    action: "util.pass_data",
    input: { data: i },
  }));
  const runId = await startGraphRun(
    db.prisma,
    graph(
      steps,
      steps.map((s) => ["trigger", s.id]),
    ),
  );
  expect((await waitForRunEnd(db.prisma, runId)).status).toBe("succeeded");
  await waitFor(
    async () => (await jobTableVacuums()) > before,
    15_000,
    "a vacuum of the job table",
  );
  expect(worker.output()).not.toMatch(/vacuum of the job table failed/);
});
