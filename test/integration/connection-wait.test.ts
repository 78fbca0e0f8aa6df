import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureLocalOwner } from "../../worker/automations/ensure-local-owner";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { graph, httpNode } from "../support/graphs";
import { startGraphRun, waitForNodeState, waitForRunEnd } from "../support/runs";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";
import { startFakeApi, type FakeApi } from "../fakes/fake-api";

// R8 with a short deadline: a step whose connection is broken waits instead of
// burning attempts, siblings carry on, and at the deadline the step fails.
let db: TestDatabase;
let api: FakeApi;
let worker: WorkerProcess;

beforeAll(async () => {
  [db, api] = await Promise.all([createTestDatabase(), startFakeApi()]);
  worker = await spawnWorker(db.url, {
    SWITCHYARD_CONNECTION_WAIT_MS: "1500",
    SWITCHYARD_CONNECTOR_BASE_URLS: JSON.stringify({ slack: `${api.url}/slack` }),
  });
});

afterAll(async () => {
  await worker?.stop();
  await api?.close();
  await db?.drop();
});

it("R8: a broken connection makes the step wait (no attempts burnt), siblings run, the deadline fails it", async () => {
  const owner = await ensureLocalOwner(db.prisma);
  const connection = await db.prisma.connection.create({
    data: {
      workspaceId: owner.workspaceId,
      ownerId: owner.userId,
      connectorId: "slack",
      provider: "slack",
      authKind: "oauth2",
      label: "Slack (revoked at Slack)",
      status: "broken",
      brokenAt: new Date(),
      lastError: "token_revoked",
    },
  });
  const runId = await startGraphRun(
    db.prisma,
    graph(
      [
        {
          id: "chat",
          type: "action",
          name: "Post to Slack",
          action: "slack.post_message",
          connection: connection.id,
          input: { channel: "C123", text: "hello" },
        },
        httpNode("after_chat", `${api.url}/echo`),
        httpNode("sibling", `${api.url}/echo`),
        // Still running at the deadline: the run goes on, so the failure is noticed (R14).
        // Long enough for the notice job's first render (React Email loads on first use,
        // seconds on a loaded machine) to finish before the run ends.
        httpNode("slow_sibling", `${api.url}/slow/12000`, { name: "Slow sibling" }),
      ],
      [
        ["trigger", "chat"],
        ["chat", "after_chat"],
        ["trigger", "sibling"],
        ["trigger", "slow_sibling"],
      ],
    ),
  );
  const waiting = await waitForNodeState(db.prisma, runId, "chat", ["waiting_connection"]);
  expect(waiting.waitingConnectionId).toBe(connection.id);
  await waitForNodeState(db.prisma, runId, "sibling", ["succeeded"]);
  expect(api.requestsTo("/slack/chat.postMessage")).toHaveLength(0);

  const run = await waitForRunEnd(db.prisma, runId, 30_000);
  expect(run.status).toBe("partially_succeeded");
  expect(run.node("chat").state).toBe("failed");
  expect(run.node("after_chat")).toMatchObject({ state: "skipped", rootCause: ["chat"] });
  const attempts = run.attemptsOf("chat");
  expect(attempts).toHaveLength(1);
  expect(attempts[0]).toMatchObject({ outcome: "failed", errorClass: "auth" });
  expect(attempts[0]!.message).toContain("was not repaired before the deadline");

  // R14 on the deadline's path: one notice, written while the slow sibling still ran.
  const notices = await db.prisma.outboxEmail.findMany({
    where: { runId, kind: "failure_notice" },
  });
  expect(notices).toHaveLength(1);
  expect(notices[0]!.createdAt.getTime()).toBeLessThan(run.endedAt!.getTime());
  expect(notices[0]!.text).toContain("Branch Post to Slack:");
  expect(notices[0]!.text).toContain("Slow sibling: running");
});
