import { describe, expect, it } from "vitest";
import { applyDecisions, decideReady } from "../../../worker/engine/decide";
import {
  allSteps,
  bodyStepIds,
  bodyTopology,
  findStep,
  forEachOutcome,
  itemOutcome,
} from "../../../worker/engine/for-each";
import { runOutcome } from "../../../worker/engine/outcome";
import { planReplay } from "../../../worker/engine/replay";
import { buildTopology } from "../../../worker/engine/topology";
import type { Graph, GraphNode, RunState } from "../../../worker/engine/types";
import { validateGraph } from "../../../worker/engine/validate";
import { catalog, connection } from "./catalog";
import { edge, graph, runState } from "./helpers";

// For-each (docs/semantics.md): the body as a graph of its own, item and node outcomes,
// dependent edges after a partly succeeded for-each, replay inside an item, validation.
const echo = (input: Record<string, unknown> = { url: "https://x.test", count: 1 }) => ({
  type: "action" as const,
  action: "test.echo",
  input,
});

function forEachNode(
  body: { nodes: Record<string, Omit<GraphNode, "id">>; edges?: string[] },
  extra: { continueWithSucceeded?: boolean; items?: string } = {},
): Omit<GraphNode, "id"> {
  return {
    type: "foreach",
    forEach: {
      items: extra.items ?? "{{ trigger.rows }}",
      ...(extra.continueWithSucceeded ? { continueWithSucceeded: true } : {}),
      body: {
        nodes: Object.entries(body.nodes).map(([id, n]) => ({ id, ...n })),
        edges: (body.edges ?? []).map(edge),
      },
    },
  };
}

// t -> each -> after (dependent), each ~> audit (independent); the body is a -> b, c.
const loopGraph = (continueWithSucceeded = false): Graph =>
  graph(
    {
      t: "trigger",
      each: forEachNode(
        { nodes: { a: echo(), b: echo(), c: echo() }, edges: ["a -> b"] },
        { continueWithSucceeded },
      ),
      after: echo(),
      audit: echo(),
    },
    ["t -> each", "each -> after", "each ~> audit"],
  );

describe("the body as a graph of its own", () => {
  const topo = buildTopology(loopGraph());
  const body = bodyTopology(topo, "each");

  it("hangs the body's first steps from the for-each node, which stands for the item's start", () => {
    expect(body.triggerId).toBe("each");
    expect(body.children.get("each")!.map((e) => [e.to, e.kind])).toEqual([
      ["a", "dependent"],
      ["c", "dependent"],
    ]);
    expect(bodyStepIds(body)).toEqual(["a", "c", "b"]);
  });

  it("finds every step, top-level and inside the body, and lists them all", () => {
    expect(findStep(topo, "b")).toMatchObject({ forEachId: "each", node: { id: "b" } });
    expect(findStep(topo, "after")).toMatchObject({ forEachId: null });
    expect(allSteps(topo.graph).map((n) => n.id)).toEqual([
      "t",
      "each",
      "a",
      "b",
      "c",
      "after",
      "audit",
    ]);
  });

  it("R1–R3 inside an item: the first steps start, a failed step skips its dependents only", () => {
    const start: RunState = { each: { state: "succeeded" } };
    const first = decideReady(body, start, { trigger: {}, item: { id: 1 } });
    expect(first.map((d) => [d.nodeId, d.kind])).toEqual([
      ["a", "run"],
      ["c", "run"],
    ]);
    const state = applyDecisions(start, first);
    state.a = { state: "failed" };
    const next = decideReady(body, state, { trigger: {} }, ["a"]);
    expect(next).toEqual([
      {
        nodeId: "b",
        kind: "skip",
        reason: "dependency_not_succeeded",
        blockedBy: ["a"],
        rootCause: ["a"],
      },
    ]);
  });

  it("R5 inside an item: a condition reads the item", () => {
    const g = graph(
      {
        t: "trigger",
        each: forEachNode({
          nodes: {
            big: {
              type: "condition",
              condition: { left: "{{ item.n }}", operator: "greater_than", right: 5 },
            },
          },
        }),
      },
      ["t -> each"],
    );
    const b = bodyTopology(buildTopology(g), "each");
    const decide = (n: number) =>
      decideReady(b, { each: { state: "succeeded" } }, { trigger: {}, item: { n } });
    expect(decide(9)).toEqual([{ nodeId: "big", kind: "succeed", output: { result: true } }]);
    expect(decide(1)[0]).toMatchObject({ kind: "skip", reason: "condition_false" });
  });
});

describe("outcomes", () => {
  const body = bodyTopology(buildTopology(loopGraph()), "each");
  it.each([
    { name: "open while a step runs", a: "succeeded", b: "running", c: "succeeded", outcome: null },
    {
      name: "succeeded when every step did",
      a: "succeeded",
      b: "succeeded",
      c: "succeeded",
      outcome: "succeeded",
    },
    {
      name: "failed when a step failed, whatever else succeeded",
      a: "succeeded",
      b: "failed",
      c: "succeeded",
      outcome: "failed",
    },
    {
      name: "succeeded when a condition skipped the rest",
      a: "succeeded",
      b: "skipped",
      c: "succeeded",
      outcome: "succeeded",
    },
    {
      name: "cancelled when a step was",
      a: "cancelled",
      b: "cancelled",
      c: "succeeded",
      outcome: "cancelled",
    },
  ] as const)("an item is $name", ({ a, b, c, outcome }) => {
    const state: RunState = { a: { state: a }, b: { state: b }, c: { state: c } };
    expect(itemOutcome(body, state)).toBe(outcome);
  });

  it.each([
    { succeeded: 5000, notSucceeded: 0, outcome: "succeeded" },
    { succeeded: 0, notSucceeded: 0, outcome: "succeeded" },
    { succeeded: 4963, notSucceeded: 37, outcome: "partially_succeeded" },
    { succeeded: 0, notSucceeded: 3, outcome: "failed" },
  ] as const)(
    "a for-each with $succeeded succeeded and $notSucceeded other items: $outcome",
    (c) => {
      expect(forEachOutcome(c)).toBe(c.outcome);
    },
  );

  it("R11: a run whose for-each partly succeeded is never succeeded", () => {
    const g = loopGraph();
    const state = runState(g, {
      each: "partially_succeeded",
      after: "skipped",
      audit: "succeeded",
    });
    state.after = { state: "skipped", reason: "dependency_not_succeeded", rootCause: ["each"] };
    expect(runOutcome(g, state)).toBe("partially_succeeded");
  });
});

describe("R2 after a for-each", () => {
  it.each([
    {
      name: "a dependent child runs when every item succeeded",
      state: "succeeded",
      cont: false,
      after: "run",
    },
    {
      name: "a dependent child is skipped when some items failed",
      state: "partially_succeeded",
      cont: false,
      after: "skip",
    },
    {
      name: "with continue, it runs with the items that succeeded",
      state: "partially_succeeded",
      cont: true,
      after: "run",
    },
    {
      name: "with continue, it is still skipped when no item succeeded",
      state: "failed",
      cont: true,
      after: "skip",
    },
  ] as const)("$name", ({ state, cont, after }) => {
    const g = loopGraph(cont);
    const decisions = decideReady(buildTopology(g), runState(g, { each: state }), { trigger: {} }, [
      "each",
    ]);
    const byNode = Object.fromEntries(decisions.map((d) => [d.nodeId, d]));
    expect(byNode.after!.kind).toBe(after);
    if (after === "skip")
      expect(byNode.after).toMatchObject({ blockedBy: ["each"], rootCause: ["each"] });
    // The independent child runs whatever the items did.
    expect(byNode.audit!.kind).toBe("run");
  });

  it("a ready for-each starts its items", () => {
    const g = loopGraph();
    expect(decideReady(buildTopology(g), runState(g), { trigger: {} })).toEqual([
      { nodeId: "each", kind: "start_items" },
    ]);
  });
});

describe("R12: retry failed part", () => {
  it("resets a partly succeeded for-each and what it blocked; inside an item, only the failed steps and their dependents", () => {
    const g = loopGraph();
    const top = runState(g, {
      each: "partially_succeeded",
      after: { state: "skipped", reason: "dependency_not_succeeded", rootCause: ["each"] },
      audit: "succeeded",
    });
    expect(planReplay(buildTopology(g), top).reset).toEqual(["each", "after"]);
    const body = bodyTopology(buildTopology(g), "each");
    const item: RunState = {
      a: { state: "failed" },
      b: { state: "skipped", reason: "dependency_not_succeeded", rootCause: ["a"] },
      c: { state: "succeeded", output: {} },
    };
    expect(planReplay(body, item).reset).toEqual(["a", "b"]);
  });
});

describe("validation", () => {
  const validate = (g: Graph) => validateGraph(g, catalog, { connection });

  it("accepts a body that reads the item, the trigger, the for-each's ancestors and earlier body steps", () => {
    const g = graph(
      {
        t: "trigger",
        first: echo(),
        each: forEachNode(
          {
            nodes: {
              a: echo({ url: "{{ item.url }}", count: "{{ steps.first.count }}" }),
              b: echo({ url: "{{ trigger.url }}", count: "{{ steps.a.count }}" }),
            },
            edges: ["a -> b"],
          },
          { items: "{{ steps.first.rows }}" },
        ),
        after: echo({ url: "https://x.test", count: "{{ steps.each.succeededCount }}" }),
      },
      ["t -> first", "first -> each", "each -> after"],
    );
    expect(validate(g)).toEqual({ problems: [], warnings: [] });
  });

  it.each([
    {
      name: "a list that is not a template",
      node: forEachNode({ nodes: { a: echo() } }, { items: "rows" }),
      problem: {
        nodeId: "each",
        field: "forEach.items",
        message: expect.stringContaining("must be a template"),
      },
    },
    {
      name: "an approval inside the body",
      node: forEachNode({ nodes: { gate: { type: "approval" } } }),
      problem: { nodeId: "gate", field: "type", message: expect.stringContaining("approvals") },
    },
    {
      name: "a cycle inside the body",
      node: forEachNode({ nodes: { a: echo(), b: echo() }, edges: ["a -> b", "b -> a"] }),
      problem: {
        nodeId: "a",
        field: "forEach.body.edges",
        message: expect.stringContaining("form a cycle"),
      },
    },
    {
      name: "a body edge to a step outside it",
      node: forEachNode({ nodes: { a: echo() }, edges: ["a -> t"] }),
      problem: {
        nodeId: "a",
        field: "forEach.body.edges[0]",
        message: expect.stringContaining('unknown node "t"'),
      },
    },
    {
      name: "a body step reading the for-each it is inside",
      node: forEachNode({ nodes: { a: echo({ url: "{{ steps.each.total }}", count: 1 }) } }),
      problem: { nodeId: "a", field: "input.url", message: expect.stringContaining("runs inside") },
    },
    {
      name: "a body step with a wrong input",
      node: forEachNode({ nodes: { a: echo({ url: "not a url", count: 1 }) } }),
      problem: { nodeId: "a", field: "input.url" },
    },
  ])("refuses $name", ({ node, problem }) => {
    const g = graph({ t: "trigger", each: node }, ["t -> each"]);
    expect(validate(g).problems).toContainEqual(expect.objectContaining(problem));
  });

  it("refuses {{ item }} outside a for-each, a reference into a body from outside, and a body id used twice", () => {
    const g = graph(
      {
        t: "trigger",
        each: forEachNode({ nodes: { a: echo(), t2: echo() } }),
        after: echo({ url: "{{ item.url }}", count: "{{ steps.a.count }}" }),
        t2: echo(),
      },
      ["t -> each", "each -> after", "t -> t2"],
    );
    const problems = validate(g).problems;
    expect(problems).toContainEqual(
      expect.objectContaining({
        nodeId: "after",
        field: "input.url",
        message: expect.stringContaining("only the steps inside a for-each"),
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        nodeId: "after",
        field: "input.count",
        message: expect.stringContaining('inside the for-each "each"'),
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        nodeId: "t2",
        field: "id",
        message: expect.stringContaining("already used"),
      }),
    );
  });
});
