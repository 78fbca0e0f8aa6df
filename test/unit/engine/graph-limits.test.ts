import { describe, expect, it } from "vitest";
import { layoutGraph } from "../../../app/automations/_builder/layout";
import { blastRadius } from "../../../worker/engine/blast-radius";
import {
  GRAPH_LIMITS,
  graphLimitProblems,
  shortestCronGap,
  triggerIntervalProblems,
} from "../../../worker/engine/graph-limits";
import { buildTopology } from "../../../worker/engine/topology";
import type { Graph, GraphNode, TriggerConfig } from "../../../worker/engine/types";
import { validateGraph } from "../../../worker/engine/validate";
import { catalog } from "./catalog";

const step = (id: string, extra: Partial<GraphNode> = {}): GraphNode => ({
  id,
  type: "action",
  action: "test.echo",
  input: { url: "https://example.com", count: 1 },
  ...extra,
});

/** trigger -> s1 -> s2 -> ... : the deepest graph of its size. */
function chain(size: number): Graph {
  const nodes: GraphNode[] = [{ id: "trigger", type: "trigger" }];
  for (let i = 1; i < size; i++) nodes.push(step(`s${i}`));
  const edges = nodes
    .slice(1)
    .map((node, i) => ({ from: nodes[i]!.id, to: node.id, kind: "dependent" as const }));
  return { nodes, edges };
}

/** `size` nodes and `edgeCount` edges, each from an earlier node to a later one. */
function dense(size: number, edgeCount: number): Graph {
  const { nodes, edges } = chain(size);
  for (let gap = 2; edges.length < edgeCount; gap++) {
    for (let i = 0; i + gap < size && edges.length < edgeCount; i++) {
      edges.push({ from: nodes[i]!.id, to: nodes[i + gap]!.id, kind: "independent" });
    }
  }
  return { nodes, edges };
}

describe("graph size limits", () => {
  it("a graph at every limit passes; one node or edge more is refused, naming the limit", () => {
    const atLimit = dense(GRAPH_LIMITS.nodes, GRAPH_LIMITS.edges);
    expect(graphLimitProblems(atLimit)).toEqual([]);
    expect(validateGraph(atLimit, catalog).problems).toEqual([]);

    const tooMany = chain(GRAPH_LIMITS.nodes + 1);
    expect(graphLimitProblems(tooMany)).toEqual([
      {
        nodeId: null,
        field: "nodes",
        message: "a graph may have at most 500 nodes; this one has 501",
      },
    ]);
    const tooDense = dense(GRAPH_LIMITS.nodes, GRAPH_LIMITS.edges + 1);
    expect(graphLimitProblems(tooDense)).toEqual([
      {
        nodeId: null,
        field: "edges",
        message: "a graph may have at most 2000 edges; this one has 2001",
      },
    ]);
  });

  it("a 10,000-node chain is refused with the size problem alone, before anything walks it", () => {
    const result = validateGraph(chain(10_000), catalog);
    expect(result.problems.map((p) => p.field)).toEqual(["nodes", "edges"]);
    expect(result.warnings).toEqual([]);
  });

  it("texts anywhere in a node (keys too), edge ends and approver lists have limits", () => {
    const long = "x".repeat(GRAPH_LIMITS.stringLength + 1);
    const g: Graph = {
      nodes: [
        { id: "trigger", type: "trigger" },
        step("deep", { input: { url: "https://example.com", count: 1, headers: { a: long } } }),
        step("keyed", { input: { url: "https://example.com", count: 1, [long]: 1 } }),
        {
          id: "gate",
          type: "approval",
          approval: {
            approvers: Array.from({ length: 51 }, (_, i) => `a${i}@example.com`),
            message: long,
          },
        },
      ],
      edges: [{ from: "trigger", to: long, kind: "dependent" }],
    };
    const found = graphLimitProblems(g).map(({ nodeId, field, message }) => [
      nodeId,
      field,
      message.replace(/\d{3,}/g, "N"),
    ]);
    expect(found).toEqual([
      ["deep", "input.headers.a", "a text may have at most N characters; this one has N"],
      ["keyed", "input", "a text may have at most N characters; this one has N"],
      ["gate", "approval.approvers", "a gate may ask at most 50 approvers; this one asks 51"],
      ["gate", "approval.message", "a text may have at most N characters; this one has N"],
      [null, "edges[0]", "a text may have at most N characters; this one has N"],
    ]);
  });

  it("a value nested 100,000 levels deep is walked without overflowing the stack", () => {
    let nested: unknown = "leaf";
    for (let i = 0; i < 100_000; i++) nested = [nested];
    const g = chain(2);
    g.nodes[1]!.input = { url: "https://example.com", count: 1, body: nested };
    expect(graphLimitProblems(g)).toEqual([]);
  });

  it("every walk over a graph at the limit finishes without recursion trouble: topology, validation, layout, blast radius", () => {
    for (const g of [chain(GRAPH_LIMITS.nodes), dense(GRAPH_LIMITS.nodes, GRAPH_LIMITS.edges)]) {
      const topo = buildTopology(g);
      expect(topo.order).toHaveLength(GRAPH_LIMITS.nodes);
      expect(validateGraph(g, catalog).problems).toEqual([]);
      expect(layoutGraph(g).size).toBe(GRAPH_LIMITS.nodes);
      expect(blastRadius(g, "s1")?.failed).toBe("s1");
    }
    // A cycle through every node of a chain: found and reported, not overflowed on.
    const looped = chain(GRAPH_LIMITS.nodes);
    looped.edges.push({ from: `s${GRAPH_LIMITS.nodes - 1}`, to: "s1", kind: "dependent" });
    const problems = validateGraph(looped, catalog).problems.map((p) => p.message);
    expect(problems.some((m) => m.includes("form a cycle"))).toBe(true);
  });
});

describe("trigger interval floor", () => {
  const withTrigger = (trigger: TriggerConfig): Graph => ({
    nodes: [{ id: "trigger", type: "trigger", trigger }],
    edges: [],
  });
  const schedule = (cron: string) =>
    withTrigger({ kind: "schedule", schedule: { cron, timezone: "Europe/Berlin" } });

  it.each([
    ["* * * * * *", 1],
    ["*/30 * * * * *", 30],
    ["0,10 * * * * *", 10],
    ["0 * * * * *", 60],
    ["* * * * *", 60],
    ["0 0,1 * * *", 3_600],
    ["0 9 * * 1-5", 86_400],
  ])("%s ticks at most every %i s", (cron, seconds) => {
    expect(shortestCronGap(cron, "Europe/Berlin")).toBe(seconds);
  });

  it("a schedule or poll faster than the floor is refused at its field; at the floor it passes", () => {
    expect(triggerIntervalProblems(schedule("* * * * * *"), 60)).toEqual([
      {
        nodeId: "trigger",
        field: "trigger.schedule.cron",
        message:
          "starts a run as often as every second; this server allows at most one every minute",
      },
    ]);
    expect(triggerIntervalProblems(schedule("*/5 * * * *"), 300)).toEqual([]);
    expect(triggerIntervalProblems(schedule("*/5 * * * *"), 600)[0]?.message).toBe(
      "starts a run as often as every 5 minutes; this server allows at most one every 10 minutes",
    );
    const poll = (intervalSeconds?: number) =>
      withTrigger({ kind: "poll", poll: { source: "github.new_issue", intervalSeconds } });
    expect(triggerIntervalProblems(poll(1), 60)).toEqual([
      {
        nodeId: "trigger",
        field: "trigger.poll.intervalSeconds",
        message:
          "starts a run as often as every second; this server allows at most one every minute",
      },
    ]);
    expect(triggerIntervalProblems(poll(60), 60)).toEqual([]);
    expect(triggerIntervalProblems(poll(), 60)).toEqual([]); // the 300 s default
    // No floor given (the engine's own tests, a CLI without settings): nothing refused.
    expect(triggerIntervalProblems(poll(1), undefined)).toEqual([]);
  });

  it("validation reports the floor beside the graph's other problems", () => {
    const g = schedule("* * * * * *");
    g.nodes.push(step("orphan"));
    const fields = validateGraph(g, catalog, { minTriggerIntervalSeconds: 60 }).problems.map(
      (p) => p.field,
    );
    expect(fields).toContain("trigger.schedule.cron");
    expect(fields).toContain("edges"); // "orphan" is not reachable
  });

  it("a cron that does not parse is left to the trigger's own validation", () => {
    expect(triggerIntervalProblems(schedule("every day"), 60)).toEqual([]);
  });
});
