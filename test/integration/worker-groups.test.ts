import { readFile } from "node:fs/promises";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startFakeApi, type FakeApi } from "../fakes/fake-api";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { graph, httpNode } from "../support/graphs";
import {
  startGraphRun,
  waitForNodeState,
  waitForRow,
  waitForRunEnd,
  waitForRunFollowUp,
} from "../support/runs";
import { waitFor } from "../support/wait-for";
import { spawnWorker, TEST_WORKER_ENV, type WorkerProcess } from "../support/worker-process";
import { getRun } from "../../worker/runs/get-run";
import { prismaSql } from "../../worker/runs/store/sql";
import { ensureLocalOwner } from "../../worker/automations/ensure-local-owner";
import {
  decryptSecret,
  parseKeyRing,
  SecretDecryptionError,
} from "../../worker/connections/crypto";
import { getRunForActor } from "../../app/_server/runs/get-run-for-actor";
import { runView } from "../../app/_server/ui/run-view";
import { readWorkerGroupStats } from "../../worker/groups/group-stats";
import { createMetricsRegistry } from "../../worker/metrics/registry";

// The eu-onprem group's key: only that group's workers get it.
const GROUP_KEYS = {
  SWITCHYARD_GROUP_KEYS_EU_ONPREM: `onprem1:${Buffer.alloc(32, 7).toString("base64")}`,
};

// 4 s, not the usual 2 s: on a loaded 2-core machine a live worker's heartbeat can lag 2 s
// and its step be taken over. getRun judges liveness by the same window.
const DEAD_AFTER = { SWITCHYARD_WORKER_DEAD_AFTER_MS: "4000" };
process.env.SWITCHYARD_WORKER_DEAD_AFTER_MS = DEAD_AFTER.SWITCHYARD_WORKER_DEAD_AFTER_MS;

// Worker groups (docs/deploy.md, "Worker groups"): steps naming a group run only on that
// group's workers, the others only on the default group's; each attempt records the
// process that ran it. The group's workers log in with the least-privilege role of
// prisma/roles/group-worker.sql, as a worker in another network would.

let db: TestDatabase;
let api: FakeApi;
let central: WorkerProcess;
let onprem: WorkerProcess;
const workers: WorkerProcess[] = [];

/** The database as a group worker's least-privilege login sees it (prisma/roles/group-worker.sql). */
let groupWorkerUrl: string;

async function createGroupWorkerLogin(ownerUrl: string): Promise<string> {
  const login = `eu_onprem_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(await readFile("prisma/roles/group-worker.sql", "utf8"));
    await client.query(
      `CREATE ROLE ${login} LOGIN PASSWORD 'group-worker-pw' IN ROLE switchyard_group_worker`,
    );
  } finally {
    await client.end();
  }
  const url = new URL(ownerUrl);
  url.username = login;
  url.password = "group-worker-pw";
  return url.toString();
}

beforeAll(async () => {
  [db, api] = await Promise.all([createTestDatabase(), startFakeApi()]);
  groupWorkerUrl = await createGroupWorkerLogin(db.url);
  [central, onprem] = await Promise.all([
    spawnWorker(db.url, DEAD_AFTER),
    spawnWorker(groupWorkerUrl, { ...GROUP_KEYS, ...DEAD_AFTER }, ["--group", "eu-onprem"]),
  ]);
  workers.push(central, onprem);
}, 90_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await api?.close();
  await db?.drop();
});

it("a graph split between two groups runs each step only on its group's worker", async () => {
  const u = (path: string) => `${api.url}${path}`;
  for (const path of ["/central", "/query", "/lookup", "/after"]) {
    api.script(path, [{ json: { ok: true } }]);
  }
  const inGroup = { runsOn: "eu-onprem" };
  const runIds: string[] = [];
  for (let i = 0; i < 4; i++) {
    runIds.push(
      await startGraphRun(
        db.prisma,
        graph(
          [
            httpNode("central", u("/central")),
            httpNode("query", u("/query"), inGroup),
            httpNode("lookup", u("/lookup"), inGroup),
            httpNode("after", u("/after")),
          ],
          [
            ["trigger", "central"],
            ["central", "query"],
            ["trigger", "lookup"],
            ["query", "after"],
          ],
        ),
      ),
    );
  }
  for (const runId of runIds) {
    const run = await waitForRunEnd(db.prisma, runId, 30_000);
    expect(run.status).toBe("succeeded");
    const ranOn = (id: string) => run.attemptsOf(id).map((a) => a.workerId);
    expect(ranOn("central")).toEqual([central.processId]);
    expect(ranOn("after")).toEqual([central.processId]);
    expect(ranOn("query")).toEqual([onprem.processId]);
    expect(ranOn("lookup")).toEqual([onprem.processId]);
  }
  // Both heartbeats say which groups they serve.
  const beats = await db.prisma.workerHeartbeat.findMany({ select: { id: true, groups: true } });
  expect(new Map(beats.map((b) => [b.id, b.groups]))).toEqual(
    new Map([
      [central.processId, ["default"]],
      [onprem.processId, ["eu-onprem"]],
    ]),
  );
}, 60_000);

it("a for-each body step naming a group runs on that group for every item", async () => {
  api.script("/each/fetch", [{ json: { ok: true } }]);
  api.script("/each/notify", [{ json: { ok: true } }]);
  const runId = await startGraphRun(
    db.prisma,
    graph(
      [
        {
          id: "each",
          type: "foreach",
          forEach: {
            items: "{{ trigger.rows }}",
            body: {
              nodes: [
                httpNode("fetch", `${api.url}/each/fetch`, { runsOn: "eu-onprem" }),
                httpNode("notify", `${api.url}/each/notify`),
              ],
              edges: [{ from: "fetch", to: "notify", kind: "dependent" }],
            },
          },
        },
      ],
      [["trigger", "each"]],
    ),
    { rows: [1, 2, 3] },
  );
  const run = await waitForRunEnd(db.prisma, runId, 30_000);
  expect(run.status).toBe("succeeded");
  const ranOn = (id: string) => [...new Set(run.attemptsOf(id).map((a) => a.workerId))];
  expect(run.attemptsOf("fetch")).toHaveLength(3);
  expect(ranOn("fetch")).toEqual([onprem.processId]);
  expect(ranOn("notify")).toEqual([central.processId]);
}, 60_000);

it("an output kept in its group: sealed under the group's key, whole only for steps of that group, its summary for everyone else", async () => {
  const u = (path: string) => `${api.url}${path}`;
  const secret = "ann@customer.example";
  api.script("/keep/query", [{ json: { rowCount: 2, rows: [{ email: secret }, { email: "b" }] } }]);
  api.script("/keep/enrich", [{ json: { ok: true } }]);
  api.script("/keep/notify", [{ json: { ok: true } }]);
  // A permanent failure elsewhere, so the run ends with a per-branch report.
  api.script("/keep/fail", [{ status: 400, json: { error: "bad request" } }]);
  const owner = await ensureLocalOwner(db.prisma);
  const runId = await startGraphRun(
    db.prisma,
    graph(
      [
        httpNode("query", u("/keep/query"), {
          name: "Query customers",
          runsOn: "eu-onprem",
          keep: "group",
          summary: ["status", "body.rowCount"],
        }),
        httpNode("enrich", u("/keep/enrich"), {
          runsOn: "eu-onprem",
          input: {
            method: "POST",
            url: u("/keep/enrich"),
            body: { rows: "{{ steps.query.body.rows }}" },
          },
        }),
        httpNode("notify", u("/keep/notify"), {
          input: {
            method: "POST",
            url: u("/keep/notify"),
            body: { text: "{{ steps.query.body.rowCount }} customers" },
          },
        }),
        httpNode("fail", u("/keep/fail"), { name: "Call billing API" }),
      ],
      [
        ["trigger", "query"],
        ["query", "enrich"],
        ["query", "notify"],
        ["trigger", "fail"],
      ],
    ),
    {},
    owner,
  );
  const run = await waitForRunFollowUp(db.prisma, runId, 30_000);
  expect(run.status).toBe("partially_succeeded");
  // The step of the same group read the whole output; the one outside read the summary.
  expect(api.requestsTo("/keep/enrich")[0]!.json).toEqual({
    rows: [{ email: secret }, { email: "b" }],
  });
  expect(api.requestsTo("/keep/notify")[0]!.json).toEqual({ text: "2 customers" });
  expect(run.attemptsOf("notify").map((a) => a.workerId)).toEqual([central.processId]);

  // Stored: the summary in the clear, the whole sealed under the group's key — which the
  // default group's worker does not hold.
  const row = run.node("query");
  expect(row.output).toEqual({ status: 200, body: { rowCount: 2 } });
  expect(row.groupOutput).not.toContain(secret);
  const defaultRing = parseKeyRing(TEST_WORKER_ENV.SWITCHYARD_ENCRYPTION_KEYS);
  expect(() => decryptSecret(defaultRing, row.groupOutput!)).toThrow(SecretDecryptionError);
  const groupRing = parseKeyRing(GROUP_KEYS.SWITCHYARD_GROUP_KEYS_EU_ONPREM);
  expect(JSON.parse(decryptSecret(groupRing, row.groupOutput!))).toMatchObject({
    body: { rowCount: 2, rows: [{ email: secret }, { email: "b" }] },
  });

  // Neither the API's run, the run page's view nor the report carries it.
  const apiRun = JSON.stringify(await getRunForActor(prismaSql(db.prisma), owner, runId));
  const page = JSON.stringify(await runView(db.prisma, owner, runId));
  const emails = await db.prisma.outboxEmail.findMany({ where: { runId } });
  expect(emails.map((e) => e.kind)).toContain("run_report");
  for (const text of [apiRun, page, ...emails.flatMap((e) => [e.text, e.html])]) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(row.groupOutput!);
  }
  expect(apiRun).toContain('"body":{"rowCount":2}');
}, 60_000);

it("the group's login reads nothing a worker does not need, and its workers needed nothing more", async () => {
  const client = new pg.Client({ connectionString: groupWorkerUrl });
  await client.connect();
  try {
    for (const table of ["User", "Account", "Session", "ApiKey", "OutboxEmail", "Automation"]) {
      await expect(client.query(`SELECT 1 FROM "${table}" LIMIT 1`)).rejects.toThrow(
        /permission denied/,
      );
    }
  } finally {
    await client.end();
  }
  expect(onprem.output()).not.toMatch(/permission denied|heartbeat failed/);
});

it("a group's only worker killed mid-step: the step waits visibly, the owner is told once, a new worker of the group resumes it with the same idempotency key", async () => {
  const u = (path: string) => `${api.url}${path}`;
  // The first call hangs long enough for the kill; the re-run answers at once.
  api.script("/wait/query", [{ delayMs: 20_000, json: { rows: 3 } }, { json: { rows: 3 } }]);
  api.script("/wait/sibling", [{ delayMs: 3_000, json: { ok: true } }]);
  api.script("/wait/after", [{ json: { ok: true } }]);
  const runId = await startGraphRun(
    db.prisma,
    graph(
      [
        httpNode("query", u("/wait/query"), {
          runsOn: "eu-onprem",
          name: "Query customers",
          timeoutMs: 60_000,
        }),
        httpNode("sibling", u("/wait/sibling"), { name: "Post to chat" }),
        httpNode("after", u("/wait/after")),
      ],
      [
        ["trigger", "query"],
        ["trigger", "sibling"],
        ["query", "after"],
      ],
    ),
  );
  await waitFor(() => api.requestsTo("/wait/query").length === 1, 15_000, "group step in flight");
  await onprem.kill();

  // R4: the sibling in the default group runs on while the group has no worker.
  await waitForNodeState(db.prisma, runId, "sibling", ["succeeded"]);
  await waitFor(
    async () =>
      (await getRun(prismaSql(db.prisma), runId)).nodeRuns.find((n) => n.nodeId === "query")
        ?.waitingForGroup === "eu-onprem",
    15_000,
    "the step shown waiting for a worker in eu-onprem",
  );
  const notice = await waitForRow(
    () => db.prisma.notification.findFirst({ where: { runId, kind: "worker_group_waiting" } }),
    "the owner's notice",
  );
  expect(notice.title).toMatch(/is waiting for a worker in eu-onprem/);
  expect(notice.body).toMatch(/"Query customers" runs on the worker group eu-onprem/);
  // Told once, however many heartbeats pass.
  await new Promise((r) => setTimeout(r, 1_500));
  expect(
    await db.prisma.notification.count({ where: { runId, kind: "worker_group_waiting" } }),
  ).toBe(1);
  expect(
    await db.prisma.outboxEmail.count({ where: { runId, kind: "worker_group_waiting" } }),
  ).toBe(1);
  expect((await db.prisma.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("running");
  // The health view and /metrics show the group without workers and its queued step.
  const deadAfterMs = Number(DEAD_AFTER.SWITCHYARD_WORKER_DEAD_AFTER_MS);
  expect(await readWorkerGroupStats(db.prisma, deadAfterMs)).toEqual([
    { group: "default", workersAlive: 1, stepsReady: 0, stepsRunning: 0 },
    { group: "eu-onprem", workersAlive: 0, stepsReady: 1, stepsRunning: 0 },
  ]);
  const metrics = await createMetricsRegistry(db.prisma, {
    workerDeadAfterMs: deadAfterMs,
  }).scrape();
  expect(metrics).toContain('switchyard_group_steps{group="eu-onprem",state="ready"} 1');
  expect(metrics).toContain('switchyard_group_workers_alive{group="default"} 1');
  expect(metrics).not.toContain('switchyard_group_workers_alive{group="eu-onprem"} 1');

  const replacement = await spawnWorker(groupWorkerUrl, {
    ...DEAD_AFTER,
    ...GROUP_KEYS,
    SWITCHYARD_WORKER_GROUPS: "eu-onprem",
  });
  workers.push(replacement);
  const run = await waitForRunEnd(db.prisma, runId, 30_000);
  expect(run.status).toBe("succeeded");
  const attempts = run.attemptsOf("query");
  expect(attempts.map((a) => [a.outcome, a.workerId])).toEqual([
    ["abandoned", onprem.processId],
    ["succeeded", replacement.processId],
  ]);
  expect(new Set(attempts.map((a) => a.idempotencyKey))).toEqual(new Set([`${runId}:query:1`]));
  expect(api.sideEffects.get(`${runId}:query:1`)).toBe(1);
  expect(run.attemptsOf("after").map((a) => a.workerId)).toEqual([central.processId]);
}, 90_000);
