import { describe, expect, it } from "vitest";
import type { ApiWorld } from "./api-world";

// Runs through the REST API: drive a run to success, page a for-each's items, test a step.

export function runsTests(w: ApiWorld): void {
  const { api, expectStatus, operation, ids } = w;
  describe("runs", () => {
    it("drives a run: create → start → partially failed → retry → succeeded", async () => {
      w.fake.script("/flaky", [
        { status: 400, json: { error: "bad day" } },
        { json: { ok: true } },
      ]);
      const graph = {
        nodes: [
          { id: "trigger", type: "trigger" },
          {
            id: "steady",
            type: "action",
            action: "http.request",
            input: { method: "POST", url: `${w.fake.url}/echo` },
          },
          {
            id: "flaky",
            type: "action",
            action: "http.request",
            input: { method: "POST", url: `${w.fake.url}/flaky` },
          },
        ],
        edges: [
          { from: "trigger", to: "steady", kind: "independent" },
          { from: "trigger", to: "flaky", kind: "independent" },
        ],
      };
      const invalid = await operation("validateGraph", {}, { graph: { nodes: [], edges: [] } });
      expectStatus(invalid, 200, "validate");
      expect(invalid.json).toMatchObject({ valid: false });
      const created = await operation("createAutomation", {}, { name: "Order fan-out", graph });
      expectStatus(created, 201, "create automation");
      ids.automationId = (created.json as { automationId: string }).automationId;
      const started = await operation(
        "startRun",
        { automationId: ids.automationId! },
        { payload: { order: 1 } },
      );
      expectStatus(started, 201, "start run");
      ids.runId = (started.json as { runId: string }).runId;

      const ended = async () => {
        for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
          const run = await operation("getRun", { runId: ids.runId! });
          expectStatus(run, 200, "get run");
          const body = run.json as {
            status: string;
            nodeRuns: { nodeId: string; state: string }[];
            attempts: unknown[];
          };
          if (body.status !== "running") return body;
          await new Promise((r) => setTimeout(r, 200));
        }
        throw new Error("run did not end");
      };
      const first = await ended();
      expect(first.status).toBe("partially_succeeded");
      expect(first.nodeRuns.find((n) => n.nodeId === "flaky")?.state).toBe("failed");
      expect(first.attempts.length).toBeGreaterThanOrEqual(2);

      expectStatus(await operation("retryRun", { runId: ids.runId! }), 200, "retry");
      const second = await ended();
      expect(second.status).toBe("succeeded");
      const listed = await operation("listRuns");
      expect(listed.text).toContain(ids.runId);
      const automation = await operation("getAutomation", { automationId: ids.automationId! });
      expect(automation.json).toMatchObject({ name: "Order fan-out", versions: [{ number: 1 }] });
      const v2 = await operation(
        "createAutomationVersion",
        { automationId: ids.automationId! },
        { graph: { ...graph, nodes: graph.nodes.slice(0, 2), edges: graph.edges.slice(0, 1) } },
      );
      expectStatus(v2, 201, "new version");
      expect(v2.json).toMatchObject({ number: 2 });
      // On the latest version the run has nothing left to do: its one step there succeeded.
      const latest = await api(w.aliceKey, "POST", `/runs/${ids.runId}/retry?version=latest`);
      expectStatus(latest, 409, "retry on the latest version");
      expect(latest.json).toMatchObject({
        error: { code: "conflict", message: expect.stringContaining("version 2") },
      });
      const detail = await operation("getRun", { runId: ids.runId! });
      expect((detail.json as { generations: unknown[] }).generations).toMatchObject([
        { generation: 1, version: { number: 1 }, plan: null },
        { generation: 2, version: { number: 1 }, plan: null },
      ]);
    }, 120_000);
    it("pages a for-each's items: failed only, with the failing step's last error", async () => {
      w.fake.script("/refuse", [{ status: 400, json: { error: "declined" } }]);
      const graph = {
        nodes: [
          { id: "trigger", type: "trigger" },
          {
            id: "each",
            type: "foreach",
            forEach: {
              items: "{{ trigger.paths }}",
              body: {
                nodes: [
                  {
                    id: "call",
                    type: "action",
                    action: "http.request",
                    input: { method: "POST", url: `${w.fake.url}/{{ item }}` },
                  },
                ],
                edges: [],
              },
            },
          },
        ],
        edges: [{ from: "trigger", to: "each", kind: "dependent" }],
      };
      const created = await operation("createAutomation", {}, { name: "Each path", graph });
      expectStatus(created, 201, "create for-each automation");
      const { automationId } = created.json as { automationId: string };
      const started = await operation(
        "startRun",
        { automationId },
        { payload: { paths: ["echo", "refuse", "echo"] } },
      );
      const { runId } = started.json as { runId: string };
      ids.eachRunId = runId;
      await expect
        .poll(
          async () => ((await operation("getRun", { runId })).json as { status: string }).status,
          {
            timeout: 30_000,
          },
        )
        .toBe("partially_succeeded");
      const failed = await api(w.aliceKey, "GET", `/runs/${runId}/nodes/each/items?state=failed`);
      expectStatus(failed, 200, "failed items");
      expect(failed.json).toMatchObject({
        counts: { total: 3, succeeded: 2, failed: 1 },
        state: "failed",
        page: 1,
        pageCount: 1,
        items: [
          {
            index: 1,
            value: "refuse",
            state: "failed",
            attempts: 1,
            error: { nodeId: "call", errorClass: "http_4xx", httpStatus: 400 },
          },
        ],
      });
      const second = await api(
        w.aliceKey,
        "GET",
        `/runs/${runId}/nodes/each/items?pageSize=2&page=2`,
      );
      expect(second.json).toMatchObject({
        pageCount: 2,
        items: [{ index: 2, state: "succeeded" }],
      });
      expectStatus(
        await api(w.aliceKey, "GET", `/runs/${runId}/nodes/each/items?state=lost`),
        400,
        "unknown item state",
      );
      expectStatus(
        await api(w.aliceKey, "GET", `/runs/${runId}/nodes/call/items`),
        404,
        "a body step is not a for-each",
      );
    }, 60_000);

    it("tests one step with sample data or an earlier run's, calling the service and recording nothing", async () => {
      const runsBefore = await w.db.prisma.run.count();
      const attemptsBefore = await w.db.prisma.attempt.count();
      const node = {
        id: "notify",
        type: "action",
        action: "http.request",
        input: {
          method: "POST",
          url: `${w.fake.url}/echo`,
          body: { order: "{{ trigger.order }}", seen: "{{ steps.steady.body.path }}" },
        },
      };
      const sample = await operation(
        "testStep",
        {},
        {
          node,
          source: { kind: "sample", payload: { order: 42 } },
        },
      );
      expectStatus(sample, 200, "test step with the sample payload");
      expect(sample.json).toMatchObject({
        ok: true,
        output: { status: 200, body: { body: { order: 42 } } },
        missingSteps: ["steady"],
      });
      const calls = w.fake.requestsTo("/echo");
      // The provider sees a fresh idempotency key per test, not one of a run.
      expect(String(calls.at(-1)?.headers["idempotency-key"])).toMatch(/^test-step:/);

      // With the data of the run above: its trigger payload and its steps' outputs.
      const fromRun = await operation(
        "testStep",
        {},
        {
          node,
          source: { kind: "run", runId: ids.runId! },
        },
      );
      expectStatus(fromRun, 200, "test step with a run's data");
      expect(fromRun.json).toMatchObject({
        ok: true,
        output: { body: { body: { order: 1, seen: "/echo" } } },
        missingSteps: [],
      });

      // A step inside a for-each, with that run's data: its first failed item.
      const fromItem = await operation(
        "testStep",
        {},
        {
          node: {
            ...node,
            id: "call",
            input: { method: "POST", url: `${w.fake.url}/echo`, body: { item: "{{ item }}" } },
          },
          source: { kind: "run", runId: ids.eachRunId! },
        },
      );
      expectStatus(fromItem, 200, "test a for-each's step with a run's data");
      expect(fromItem.json).toMatchObject({
        ok: true,
        output: { body: { body: { item: "refuse" } } },
        item: { forEachId: "each", index: 1, state: "failed", value: "refuse" },
      });

      // A failing call is an answer, with what the provider said.
      const failing = await operation(
        "testStep",
        {},
        {
          node: { ...node, input: { method: "GET", url: `${w.fake.url}/nowhere` } },
        },
      );
      expectStatus(failing, 200, "test step that fails");
      expect(failing.json).toMatchObject({ ok: false, httpStatus: 404 });
      // Only actions can be tested.
      expectStatus(await operation("testStep", {}, { node: { id: "t", type: "trigger" } }), 400);
      expect(await w.db.prisma.run.count()).toBe(runsBefore);
      expect(await w.db.prisma.attempt.count()).toBe(attemptsBefore);
    }, 60_000);
  });
}
