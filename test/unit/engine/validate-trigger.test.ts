import { describe, expect, it } from "vitest";
import { actionCatalog } from "../../../connectors/registry";
import { parseGraph, triggerConfigOf, validateGraph } from "../../../worker/engine/index";
import type { Graph, GraphNode, TriggerConfig } from "../../../worker/engine/types";
import type { KnownConnection } from "../../../worker/engine/validate-nodes";

const connections: Record<string, KnownConnection> = {
  "conn-gh": { connectorId: "github", appName: "GitHub", label: "octocat" },
  "conn-slack": { connectorId: "slack", appName: "Slack", label: "Acme team" },
};
const check = (graph: Graph) =>
  validateGraph(graph, actionCatalog, { connection: (id) => connections[id] }).problems;

function withTrigger(trigger: TriggerConfig | undefined, extra: GraphNode[] = []): Graph {
  return { nodes: [{ id: "start", type: "trigger", trigger }, ...extra], edges: [] };
}

describe("trigger settings", () => {
  it("a graph without trigger settings stays valid and is manual", () => {
    const graph = withTrigger(undefined);
    expect(check(graph)).toEqual([]);
    expect(triggerConfigOf(graph)).toEqual({ kind: "manual" });
  });

  it("valid webhook, schedule (with seconds) and poll settings pass", () => {
    expect(check(withTrigger({ kind: "webhook" }))).toEqual([]);
    expect(
      check(
        withTrigger({ kind: "schedule", schedule: { cron: "*/5 * * * * *", timezone: "UTC" } }),
      ),
    ).toEqual([]);
    const poll = {
      source: "github.new_issue",
      connection: "conn-gh",
      input: { owner: "o", repo: "r" },
    };
    expect(check(withTrigger({ kind: "poll", poll }))).toEqual([]);
  });

  it("names every problem with its field", () => {
    const fields = (graph: Graph) => check(graph).map((p) => [p.nodeId, p.field]);
    expect(fields(withTrigger({ kind: "schedule" }))).toEqual([["start", "trigger.schedule"]]);
    expect(
      fields(withTrigger({ kind: "webhook", schedule: { cron: "* * * * *", timezone: "UTC" } })),
    ).toEqual([["start", "trigger.schedule"]]);
    expect(fields(withTrigger({ kind: "poll", poll: { source: "github.nope" } }))).toEqual([
      ["start", "trigger.poll.source"],
    ]);
    expect(
      fields(
        withTrigger({
          kind: "poll",
          poll: { source: "github.new_issue", connection: "conn-slack", input: { owner: "o" } },
        }),
      ),
    ).toEqual([
      ["start", "trigger.poll.input.repo"],
      ["start", "trigger.poll.connection"],
    ]);
    const onAction: Graph = {
      nodes: [
        { id: "start", type: "trigger" },
        {
          id: "a",
          type: "condition",
          condition: { left: 1, operator: "truthy" },
          trigger: { kind: "manual" },
        },
      ],
      edges: [{ from: "start", to: "a", kind: "dependent" }],
    };
    expect(fields(onAction)).toEqual([["a", "trigger"]]);
  });

  it("a webhook secret can only come from a SWITCHYARD_WEBHOOK_SECRET_ variable", () => {
    const parsed = parseGraph(
      withTrigger({
        kind: "webhook",
        webhook: { signature: { scheme: "github", secretEnv: "DATABASE_URL" } },
      }),
    );
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.problems[0]!.field).toBe("nodes[0].trigger.webhook.signature.secretEnv");
  });
});
