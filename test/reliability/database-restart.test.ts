import { afterAll, beforeAll, expect, it } from "vitest";
import { createPrismaClient, type PrismaClient } from "../../prisma/client";
import { startFakeApi, type FakeApi } from "../fakes/fake-api";
import { graph, httpNode } from "../support/graphs";
import { startGraphRun } from "../support/runs";
import {
  startRestartablePostgres,
  type RestartablePostgres,
} from "../support/restartable-postgres";
import { waitFor } from "../support/wait-for";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";

// Database restart under load: the workers reconnect by themselves and every
// run started before the outage still ends, none lost. This file runs its own
// Postgres (persistent data in a temp dir) so restarting it disturbs no other test.
let pg: RestartablePostgres;
let prisma: PrismaClient;
let api: FakeApi;
let worker: WorkerProcess;

beforeAll(async () => {
  pg = await startRestartablePostgres("restart");
  prisma = createPrismaClient(pg.url);
  api = await startFakeApi();
  worker = await spawnWorker(pg.url);
});

afterAll(async () => {
  await worker?.stop();
  await prisma?.$disconnect();
  await api?.close();
  await pg?.destroy();
});

it("workers reconnect after Postgres restarts mid-load; every run ends", async () => {
  api.script("/slow", [{ delayMs: 1_500, json: { ok: true } }]);
  const runIds: string[] = [];
  for (let i = 0; i < 10; i++) {
    runIds.push(
      await startGraphRun(
        prisma,
        graph(
          [httpNode("slow", `${api.url}/slow`), httpNode("after", `${api.url}/echo`)],
          [
            ["trigger", "slow"],
            ["slow", "after"],
          ],
        ),
      ),
    );
  }
  // Steps are in flight (their results need the database) when it goes away.
  await waitFor(() => api.requestsTo("/slow").length >= 5, 15_000, "steps in flight");
  await pg.restart(3_000);

  await waitFor(
    async () =>
      (await prisma.run.count({ where: { id: { in: runIds }, status: "running" } })) === 0,
    60_000,
    "every run ended after the restart",
  );
  const runs = await prisma.run.findMany({ where: { id: { in: runIds } } });
  expect(runs.map((r) => r.status)).toEqual(runIds.map(() => "succeeded"));
}, 180_000);
