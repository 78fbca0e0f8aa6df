import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startFakeApi, type FakeApi } from "../../fakes/fake-api";
import { saveAutomation } from "../../support/automations";
import { createTestDatabase, type TestDatabase } from "../../support/database";
import { graph } from "../../support/graphs";
import { seedOAuthConnection } from "../../support/seed-connections";
import { waitFor } from "../../support/wait-for";
import { spawnWorker, type WorkerProcess } from "../../support/worker-process";
import { ensureLocalOwner } from "../../../worker/automations/ensure-local-owner";
import { parseKeyRing } from "../../../worker/connections/crypto";
import type { Graph, PollTriggerConfig } from "../../../worker/engine/types";

// App-event triggers polling a fake GitHub and a fake Google Sheets over real HTTP, on
// two real worker processes, with connections seeded like an OAuth callback leaves them.
const ENCRYPTION_KEYS = `test:${randomBytes(32).toString("base64")}`;
const TOKEN = `gho_${randomBytes(12).toString("hex")}`;
// Polls every second, for speed: below the server's default floor (docs/limits.md).
const FAST_TRIGGERS = { SWITCHYARD_MIN_TRIGGER_INTERVAL_SECONDS: "1" };

let db: TestDatabase;
let api: FakeApi;
let workers: WorkerProcess[];
let connections: Record<string, string>;

beforeAll(async () => {
  vi.stubEnv("SWITCHYARD_MIN_TRIGGER_INTERVAL_SECONDS", "1");
  [db, api] = await Promise.all([createTestDatabase(), startFakeApi()]);
  const owner = await ensureLocalOwner(db.prisma);
  const ring = parseKeyRing(ENCRYPTION_KEYS);
  connections = {};
  for (const connectorId of ["github", "google-sheets"]) {
    connections[connectorId] = await seedOAuthConnection(db.prisma, ring, {
      workspaceId: owner.workspaceId,
      ownerId: owner.userId,
      connectorId,
      accessToken: TOKEN,
    });
  }
  const env = {
    ...FAST_TRIGGERS,
    SWITCHYARD_ENCRYPTION_KEYS: ENCRYPTION_KEYS,
    SWITCHYARD_CONNECTOR_BASE_URLS: JSON.stringify({ github: api.url, "google-sheets": api.url }),
  };
  workers = await Promise.all([spawnWorker(db.url, env), spawnWorker(db.url, env)]);
});

afterAll(async () => {
  await Promise.all((workers ?? []).map((w) => w.stop()));
  await api?.close();
  await db?.drop();
});

function polling(poll: PollTriggerConfig): Graph {
  const g = graph([], []);
  g.nodes[0]!.trigger = { kind: "poll", poll };
  return g;
}

const issue = (n: number, pr = false) => ({
  id: 1000 + n,
  number: n,
  title: `Issue ${n}`,
  body: null,
  state: "open",
  html_url: `https://github.com/octo/hello/issues/${n}`,
  created_at: "2026-01-01T00:00:00Z",
  user: { login: "ada" },
  labels: [{ name: "bug" }],
  ...(pr && { pull_request: { url: "…" } }),
});

const runsOf = (automationId: string) =>
  db.prisma.run.findMany({ where: { automationId }, orderBy: { createdAt: "asc" } });

const ISSUES = "/repos/octo/hello/issues";

describe("polling triggers", () => {
  it("github.new_issue: the first poll only sets the cursor; each new issue runs once, however often the feed is polled", async () => {
    // Poll 1 sees #1 and #2 (already there: not run); later polls also see #3 and PR #4.
    api.script(ISSUES, [
      { json: [issue(2), issue(1)] },
      { json: [issue(4, true), issue(3), issue(2), issue(1)] },
    ]);
    const g = polling({
      source: "github.new_issue",
      connection: connections.github,
      input: { owner: "octo", repo: "hello" },
      intervalSeconds: 1,
    });
    const { automationId, automation } = await saveAutomation(db.prisma, g);
    await waitFor(async () => (await runsOf(automationId)).length >= 1, 15_000, "a run for #3");
    // Saving the same graph again polls at once as well: the same feed, started twice.
    await saveAutomation(db.prisma, g, automation.name);
    const polled = api.requestsTo(ISSUES).length;
    await waitFor(() => api.requestsTo(ISSUES).length >= polled + 3, 15_000, "3 more polls");

    const runs = await runsOf(automationId);
    expect(runs.map((r) => [r.triggerKind, r.triggerKey])).toEqual([["poll", "poll:issue:1003"]]);
    expect(runs[0]!.triggerPayload).toMatchObject({ number: 3, title: "Issue 3", labels: ["bug"] });
    expect(api.requestsTo(ISSUES)[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);

    api.script(ISSUES, [{ json: [issue(5), issue(4, true), issue(3), issue(2), issue(1)] }]);
    await waitFor(async () => (await runsOf(automationId)).length >= 2, 15_000, "a run for #5");
    const more = api.requestsTo(ISSUES).length;
    await waitFor(() => api.requestsTo(ISSUES).length >= more + 2, 15_000, "2 more polls");
    expect((await runsOf(automationId)).map((r) => r.triggerKey)).toEqual([
      "poll:issue:1003",
      "poll:issue:1005",
    ]);
    const cursor = await db.prisma.triggerCursor.findUniqueOrThrow({ where: { automationId } });
    expect(cursor.cursor).toMatchObject({ position: { lastNumber: 5 } });
  });

  it("google-sheets.new_row: rows added below the cursor run once each, in order", async () => {
    const path = "/v4/spreadsheets/sheet123/values/Orders";
    const rows = [
      ["id", "total"],
      ["1", "10"],
    ];
    api.script(path, [
      { json: { range: "Orders!A1:B2", values: rows } },
      { json: { range: "Orders!A1:B4", values: [...rows, ["2", "20"], ["3", "30"]] } },
    ]);
    const { automationId } = await saveAutomation(
      db.prisma,
      polling({
        source: "google-sheets.new_row",
        connection: connections["google-sheets"],
        input: { spreadsheetId: "sheet123", range: "Orders" },
        intervalSeconds: 1,
      }),
    );
    await waitFor(async () => (await runsOf(automationId)).length >= 2, 15_000, "2 row runs");
    const polled = api.requestsTo(path).length;
    await waitFor(() => api.requestsTo(path).length >= polled + 2, 15_000, "2 more polls");
    const runs = await runsOf(automationId);
    expect(runs.map((r) => r.triggerPayload)).toEqual([
      { rowNumber: 3, values: ["2", "20"] },
      { rowNumber: 4, values: ["3", "30"] },
    ]);
  });
});
