import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeApi, type FakeApi } from "../fakes/fake-api";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { graph, httpNode } from "../support/graphs";
import { startGraphRun, waitForNodeState, waitForRunEnd } from "../support/runs";
import { waitFor } from "../support/wait-for";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";
import { cancelRun } from "../../worker/runs/cancel-run";
import { retryFailed } from "../../worker/runs/retry-failed";

// Real Postgres, two real worker processes, a fake API over loopback HTTP.
let db: TestDatabase;
let api: FakeApi;
let workers: WorkerProcess[];

beforeAll(async () => {
  [db, api] = await Promise.all([createTestDatabase(), startFakeApi()]);
  workers = await Promise.all([spawnWorker(db.url), spawnWorker(db.url)]);
});

afterAll(async () => {
  await Promise.all((workers ?? []).map((w) => w.stop()));
  await api?.close();
  await db?.drop();
});

const u = (path: string) => `${api.url}${path}`;

describe("execution on real Postgres and worker processes", () => {
  it("R4: sibling branches overlap in time while one of them fails and retries", async () => {
    api.script("/r4/slow-a", [{ delayMs: 3000, json: { ok: "a" } }]);
    api.script("/r4/slow-c", [{ delayMs: 3000, json: { ok: "c" } }]);
    api.script("/r4/flaky", [{ status: 503 }, { status: 503 }, { json: { ok: "b" } }]);
    const runId = await startGraphRun(
      db.prisma,
      graph(
        [
          httpNode("a", u("/r4/slow-a")),
          httpNode("b", u("/r4/flaky")),
          httpNode("c", u("/r4/slow-c")),
        ],
        [
          ["trigger", "a"],
          ["trigger", "b"],
          ["trigger", "c"],
        ],
      ),
    );
    const run = await waitForRunEnd(db.prisma, runId);
    expect(run.status).toBe("succeeded");
    const [a] = api.requestsTo("/r4/slow-a");
    const [c] = api.requestsTo("/r4/slow-c");
    const flaky = api.requestsTo("/r4/flaky");
    expect(flaky).toHaveLength(3);
    // a and c were in flight at the same time...
    expect(a!.startedAt).toBeLessThan(c!.endedAt!);
    expect(c!.startedAt).toBeLessThan(a!.endedAt!);
    // ...and b failed twice and succeeded while they were still running.
    expect(flaky.at(-1)!.endedAt!).toBeLessThan(Math.min(a!.endedAt!, c!.endedAt!));
  });

  it("R2/R3/R7: a permanent 400 fails at once; its dependent chain is skipped with rootCause; an independent child runs", async () => {
    api.script("/r2/bad", [{ status: 400, json: { error: "title is required" } }]);
    const runId = await startGraphRun(
      db.prisma,
      graph(
        [
          httpNode("bad", u("/r2/bad")),
          httpNode("dep", u("/echo")),
          httpNode("dep2", u("/echo")),
          httpNode("indep", u("/echo")),
        ],
        [
          ["trigger", "bad"],
          ["bad", "dep", "dependent"],
          ["dep", "dep2", "dependent"],
          ["bad", "indep", "independent"],
        ],
      ),
    );
    const run = await waitForRunEnd(db.prisma, runId);
    expect(run.status).toBe("partially_succeeded");
    expect(run.node("bad").state).toBe("failed");
    const badAttempts = run.attemptsOf("bad");
    expect(badAttempts).toHaveLength(1);
    expect(badAttempts[0]).toMatchObject({
      errorClass: "http_4xx",
      httpStatus: 400,
      retryable: false,
    });
    expect(badAttempts[0]!.message).toContain("title is required");
    expect(run.node("dep")).toMatchObject({
      state: "skipped",
      blockedBy: ["bad"],
      rootCause: ["bad"],
    });
    expect(run.node("dep2")).toMatchObject({
      state: "skipped",
      blockedBy: ["dep"],
      rootCause: ["bad"],
    });
    expect(run.node("indep").state).toBe("succeeded");
    expect(run.attemptsOf("dep")).toHaveLength(0);
  });

  it("R7/R10: 503, 503, 200 gives 3 attempts, one idempotency key, and success", async () => {
    api.script("/r7/flaky", [{ status: 503 }, { status: 503 }, { json: { id: 7 } }]);
    const runId = await startGraphRun(
      db.prisma,
      graph([httpNode("n", u("/r7/flaky"))], [["trigger", "n"]]),
    );
    const run = await waitForRunEnd(db.prisma, runId);
    expect(run.status).toBe("succeeded");
    const attempts = run.attemptsOf("n");
    expect(attempts.map((a) => [a.number, a.outcome, a.errorClass, a.httpStatus])).toEqual([
      [1, "failed", "http_5xx", 503],
      [2, "failed", "http_5xx", 503],
      [3, "succeeded", null, null],
    ]);
    expect(new Set(attempts.map((a) => a.idempotencyKey))).toEqual(new Set([`${runId}:n:1`]));
    expect(api.requestsTo("/r7/flaky").map((r) => r.headers["idempotency-key"])).toEqual([
      `${runId}:n:1`,
      `${runId}:n:1`,
      `${runId}:n:1`,
    ]);
    expect(run.node("n").output).toMatchObject({ status: 200, body: { id: 7 } });
  });

  it("R7: Retry-After is honoured", async () => {
    api.script("/r7/limited", [
      { status: 429, headers: { "retry-after": "2" } },
      { json: { ok: true } },
    ]);
    const runId = await startGraphRun(
      db.prisma,
      graph(
        [httpNode("n", u("/r7/limited"), { retry: { initialDelayMs: 50 } })],
        [["trigger", "n"]],
      ),
    );
    const run = await waitForRunEnd(db.prisma, runId);
    expect(run.status).toBe("succeeded");
    const [first, second] = api.requestsTo("/r7/limited");
    expect(second!.startedAt - first!.endedAt!).toBeGreaterThanOrEqual(1900);
    expect(run.attemptsOf("n")[0]).toMatchObject({ errorClass: "http_429", httpStatus: 429 });
  });

  it("R7: a step that exceeds its timeout is aborted and retried, then fails", async () => {
    api.script("/r7/slow", [{ delayMs: 3000 }]);
    const runId = await startGraphRun(
      db.prisma,
      graph(
        [
          httpNode("n", u("/r7/slow"), {
            timeoutMs: 300,
            retry: { maxAttempts: 2, initialDelayMs: 50 },
          }),
        ],
        [["trigger", "n"]],
      ),
    );
    const run = await waitForRunEnd(db.prisma, runId);
    expect(run.status).toBe("failed");
    expect(run.attemptsOf("n").map((a) => a.errorClass)).toEqual(["timeout", "timeout"]);
    expect(api.requestsTo("/r7/slow").every((r) => !r.completed)).toBe(true);
  });

  it("R12: retry re-runs only the failed part; succeeded steps are not repeated", async () => {
    api.script("/r12/down", [{ status: 500 }]);
    // Scripted before the run starts: its steps call at once.
    api.script("/r12/ok", [{ json: { ok: true } }]);
    api.script("/r12/after", [{ json: { ok: true } }]);
    const runId = await startGraphRun(
      db.prisma,
      graph(
        [
          httpNode("ok", u("/r12/ok")),
          httpNode("down", u("/r12/down"), { retry: { maxAttempts: 2, initialDelayMs: 50 } }),
          httpNode("after", u("/r12/after")),
        ],
        [
          ["trigger", "ok"],
          ["trigger", "down"],
          ["down", "after"],
        ],
      ),
    );
    const first = await waitForRunEnd(db.prisma, runId);
    expect(first.status).toBe("partially_succeeded");
    expect(first.node("after")).toMatchObject({ state: "skipped", rootCause: ["down"] });

    api.script("/r12/down", [{ json: { fixed: true } }]);
    const { generation, reset } = await retryFailed(db.prisma, runId);
    expect(generation).toBe(2);
    expect(reset.sort()).toEqual(["after", "down"]);
    const second = await waitForRunEnd(db.prisma, runId);
    expect(second.status).toBe("succeeded");
    expect(second.generation).toBe(2);

    // The fake API counts side effects per idempotency key.
    expect(api.sideEffects.get(`${runId}:ok:1`)).toBe(1);
    expect(api.requestsTo("/r12/ok")).toHaveLength(1);
    expect(api.sideEffects.get(`${runId}:down:2`)).toBe(1);
    expect(api.sideEffects.get(`${runId}:after:2`)).toBe(1);
    expect(api.requestsTo("/r12/after")).toHaveLength(1);
    // History keeps every generation's attempts.
    expect(second.attemptsOf("down").map((a) => [a.generation, a.outcome])).toEqual([
      [1, "failed"],
      [1, "failed"],
      [2, "succeeded"],
    ]);
  });

  it("R13: cancel aborts the running attempt and stops everything", async () => {
    api.script("/r13/hang", [{ delayMs: 20_000 }]);
    const runId = await startGraphRun(
      db.prisma,
      graph(
        [httpNode("hang", u("/r13/hang"), { timeoutMs: 60_000 }), httpNode("next", u("/echo"))],
        [
          ["trigger", "hang"],
          ["hang", "next"],
        ],
      ),
    );
    await waitForNodeState(db.prisma, runId, "hang", ["running"]);
    await waitFor(() => api.requestsTo("/r13/hang").length === 1);
    const cancelledAt = Date.now();
    const result = await cancelRun(db.prisma, runId);
    expect(result.cancelledNodes.sort()).toEqual(["hang", "next"]);
    const run = await waitForRunEnd(db.prisma, runId);
    expect(run.status).toBe("cancelled");
    expect(run.node("hang").state).toBe("cancelled");
    expect(run.node("next").state).toBe("cancelled");
    // The worker aborted the HTTP call well before the server would have answered.
    await waitFor(() => api.requestsTo("/r13/hang")[0]!.endedAt !== null, 5_000);
    const hang = api.requestsTo("/r13/hang")[0]!;
    expect(hang.completed).toBe(false);
    expect(hang.endedAt! - cancelledAt).toBeLessThan(5_000);
    await waitFor(async () => {
      const attempts = await db.prisma.attempt.findMany({ where: { runId } });
      return attempts.length === 1 && attempts[0]!.outcome === "cancelled";
    }, 5_000);
    expect(
      api
        .requestsTo("/echo")
        .filter((r) => r.json && (r.json as { node?: string }).node === "next"),
    ).toHaveLength(0);
  });
});
