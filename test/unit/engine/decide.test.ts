import { describe, expect, it } from "vitest";
import { applyDecisions, decideReady } from "../../../worker/engine/decide";
import { buildTopology } from "../../../worker/engine/topology";
import type { NodeStatus } from "../../../worker/engine/types";
import { graph, playRun, runState, type Outcome } from "./helpers";

const isPositive = { left: "{{ trigger.amount }}", operator: "greater_than", right: 0 } as const;

describe("decideReady: readiness", () => {
  const g = graph({ t: "trigger", a: "action", b: "action", c: "action" }, [
    "t -> a",
    "t -> b",
    "a -> c",
    "b ~> c",
  ]);
  const topo = buildTopology(g);

  it.each([
    {
      name: "R1: a node with a running parent is not decided",
      a: "running",
      b: "succeeded",
      decided: [],
    },
    {
      name: "R1: a node with a retrying parent is not decided",
      a: "succeeded",
      b: "retrying",
      decided: [],
    },
    {
      name: "R1: a node with a parent waiting for approval is not decided",
      a: "succeeded",
      b: "waiting_approval",
      decided: [],
    },
    {
      name: "R1: a node with a parent waiting for a connection is not decided",
      a: "waiting_connection",
      b: "failed",
      decided: [],
    },
    {
      name: "R1: a node is decided once every parent is terminal",
      a: "succeeded",
      b: "failed",
      decided: ["c"],
    },
  ] as const)("$name", ({ a, b, decided }) => {
    const state = runState(g, { a, b });
    expect(decideReady(topo, state, { trigger: {} }).map((d) => d.nodeId)).toEqual(decided);
  });

  it("R1: the trigger is never decided; its children become ready when it has succeeded", () => {
    const state = runState(g);
    expect(decideReady(topo, state, { trigger: {} })).toEqual([
      { nodeId: "a", kind: "run" },
      { nodeId: "b", kind: "run" },
    ]);
    const notStarted = runState(g, { t: "pending" });
    expect(decideReady(topo, notStarted, { trigger: {} })).toEqual([]);
  });

  it("R1: nodes already decided are not decided again", () => {
    const state = runState(g, { a: "queued", b: "running" });
    expect(decideReady(topo, state, { trigger: {} })).toEqual([]);
  });

  it("R4: fan-out starts every child of the trigger in one call", () => {
    const wide = graph({ t: "trigger", a: "action", b: "approval", c: "action" }, [
      "t -> a",
      "t -> b",
      "t ~> c",
    ]);
    expect(decideReady(buildTopology(wide), runState(wide), { trigger: {} })).toEqual([
      { nodeId: "a", kind: "run" },
      { nodeId: "b", kind: "wait_approval" },
      { nodeId: "c", kind: "run" },
    ]);
  });

  it("R4: a failure only decides the failed node's descendants", () => {
    const twoBranches = graph(
      { t: "trigger", a: "action", a2: "action", b: "action", b2: "action" },
      ["t -> a", "a -> a2", "t -> b", "b -> b2"],
    );
    const state = runState(twoBranches, { a: "failed", b: "running" });
    const decisions = decideReady(buildTopology(twoBranches), state, { trigger: {} }, ["a"]);
    expect(decisions.map((d) => d.nodeId)).toEqual(["a2"]);
  });
});

const skipped = (blockedBy: string[], rootCause: string[]): NodeStatus => ({
  state: "skipped",
  reason: "dependency_not_succeeded",
  blockedBy,
  rootCause,
});

interface PlayCase {
  name: string;
  nodes: Parameters<typeof graph>[0];
  edges: string[];
  outcomes?: Record<string, Outcome["state"] | Outcome>;
  payload?: unknown;
  expected: Record<string, Partial<NodeStatus>>;
}

const playCases: PlayCase[] = [
  {
    name: "R2: dependent child of a failed node is skipped",
    nodes: { t: "trigger", a: "action", b: "action" },
    edges: ["t -> a", "a -> b"],
    outcomes: { a: "failed" },
    expected: { a: { state: "failed" }, b: skipped(["a"], ["a"]) },
  },
  {
    name: "R2: a chain of skips carries the transitive rootCause",
    nodes: { t: "trigger", a: "action", b: "action", c: "action", d: "action" },
    edges: ["t -> a", "a -> b", "b -> c", "c -> d"],
    outcomes: { a: "failed" },
    expected: { b: skipped(["a"], ["a"]), c: skipped(["b"], ["a"]), d: skipped(["c"], ["a"]) },
  },
  {
    name: "R2: diamond: one failed side skips the join, the other side still runs",
    nodes: { t: "trigger", a: "action", b: "action", c: "action", d: "action" },
    edges: ["t -> a", "a -> b", "a -> c", "b -> d", "c -> d"],
    outcomes: { b: "failed" },
    expected: { c: { state: "succeeded" }, d: skipped(["b"], ["b"]) },
  },
  {
    name: "R2: diamond: both sides failed are both blockers and both root causes",
    nodes: { t: "trigger", a: "action", b: "action", c: "action", d: "action" },
    edges: ["t -> a", "a -> b", "a -> c", "c -> d", "b -> d"],
    outcomes: { b: "failed", c: "failed" },
    expected: { d: skipped(["b", "c"], ["b", "c"]) },
  },
  {
    name: "R2: diamond below a failure: the root cause is listed once",
    nodes: { t: "trigger", a: "action", b: "action", c: "action", d: "action" },
    edges: ["t -> a", "a -> b", "a -> c", "b -> d", "c -> d"],
    outcomes: { a: "failed" },
    expected: { b: skipped(["a"], ["a"]), c: skipped(["a"], ["a"]), d: skipped(["b", "c"], ["a"]) },
  },
  {
    name: "R2: fan-in with mixed edges: a failed dependent parent skips the node",
    nodes: { t: "trigger", a: "action", b: "action", c: "action" },
    edges: ["t -> a", "t -> b", "a -> c", "b ~> c"],
    outcomes: { a: "failed" },
    expected: { b: { state: "succeeded" }, c: skipped(["a"], ["a"]) },
  },
  {
    name: "R3: fan-in with mixed edges: a failed independent parent does not block",
    nodes: { t: "trigger", a: "action", b: "action", c: "action" },
    edges: ["t -> a", "t -> b", "a -> c", "b ~> c"],
    outcomes: { b: "failed" },
    expected: { c: { state: "succeeded" } },
  },
  {
    name: "R3: independent child of a failed node runs",
    nodes: { t: "trigger", a: "action", cleanup: "action" },
    edges: ["t -> a", "a ~> cleanup"],
    outcomes: { a: "failed" },
    expected: { cleanup: { state: "succeeded" } },
  },
  {
    name: "R3: a node whose parents are all independent runs whatever they ended as",
    nodes: {
      t: "trigger",
      a: "action",
      g: "approval",
      c: { type: "condition", condition: isPositive },
      z: "action",
    },
    edges: ["t -> a", "t -> g", "t -> c", "a ~> z", "g ~> z", "c ~> z"],
    outcomes: { a: "failed", g: "rejected" },
    payload: { amount: -1 },
    expected: { c: { state: "skipped", reason: "condition_false" }, z: { state: "succeeded" } },
  },
  {
    name: "R3: independent child of a skipped node runs",
    nodes: { t: "trigger", a: "action", b: "action", c: "action" },
    edges: ["t -> a", "a -> b", "b ~> c"],
    outcomes: { a: "failed" },
    expected: { b: skipped(["a"], ["a"]), c: { state: "succeeded" } },
  },
  {
    name: "R5: a true condition succeeds and its dependents run",
    nodes: { t: "trigger", c: { type: "condition", condition: isPositive }, a: "action" },
    edges: ["t -> c", "c -> a"],
    payload: { amount: 5 },
    expected: { c: { state: "succeeded", output: { result: true } }, a: { state: "succeeded" } },
  },
  {
    name: "R5: a false condition is skipped and everything dependent below it too",
    nodes: {
      t: "trigger",
      c: { type: "condition", condition: isPositive },
      a: "action",
      b: "action",
      after: "action",
    },
    edges: ["t -> c", "c -> a", "a -> b", "c ~> after"],
    payload: { amount: 0 },
    expected: {
      c: { state: "skipped", reason: "condition_false", blockedBy: [], rootCause: [] },
      a: skipped(["c"], ["c"]),
      b: skipped(["a"], ["c"]),
      after: { state: "succeeded" },
    },
  },
  {
    name: "R5: a condition reads a dependent parent's output",
    nodes: {
      t: "trigger",
      a: "action",
      c: {
        type: "condition",
        condition: { left: "{{ steps.a.status }}", operator: "equals", right: "ok" },
      },
      b: "action",
    },
    edges: ["t -> a", "a -> c", "c -> b"],
    outcomes: { a: { state: "succeeded", output: { status: "ok" } } },
    expected: { c: { state: "succeeded" }, b: { state: "succeeded" } },
  },
  {
    name: "R6: a condition reading a failed independent parent sees null",
    nodes: {
      t: "trigger",
      a: "action",
      c: { type: "condition", condition: { left: "{{ steps.a.status }}", operator: "exists" } },
    },
    edges: ["t -> a", "a ~> c"],
    outcomes: { a: { state: "failed", output: { status: "partial" } } },
    expected: { c: { state: "skipped", reason: "condition_false" } },
  },
  {
    name: "R9: an approved gate lets its dependents run",
    nodes: { t: "trigger", g: "approval", a: "action" },
    edges: ["t -> g", "g -> a"],
    expected: { g: { state: "succeeded" }, a: { state: "succeeded" } },
  },
  {
    name: "R9: a rejected gate skips dependents with the gate as root cause; independents run",
    nodes: { t: "trigger", g: "approval", a: "action", b: "action", notify: "action" },
    edges: ["t -> g", "g -> a", "a -> b", "g ~> notify"],
    outcomes: { g: "rejected" },
    expected: {
      a: skipped(["g"], ["g"]),
      b: skipped(["a"], ["g"]),
      notify: { state: "succeeded" },
    },
  },
  {
    name: "R2: root causes of different kinds are merged through a join",
    nodes: { t: "trigger", a: "action", g: "approval", x: "action", y: "action", j: "action" },
    edges: ["t -> a", "t -> g", "a -> x", "g -> y", "x -> j", "y -> j"],
    outcomes: { a: "failed", g: "rejected" },
    expected: { j: skipped(["x", "y"], ["a", "g"]) },
  },
];

describe("decideReady: whole runs", () => {
  it.each(playCases)("$name", ({ nodes, edges, outcomes, payload, expected }) => {
    const { state } = playRun(graph(nodes, edges), outcomes, payload ?? {});
    for (const [id, status] of Object.entries(expected)) {
      expect(state[id], id).toMatchObject(status);
    }
  });
});

describe("decideReady: cascades", () => {
  it("R2: one call returns a whole chain of skips, in causal order, each node once", () => {
    const g = graph(
      { t: "trigger", a: "action", b: "action", c: "action", d: "action", e: "action" },
      ["t -> a", "a -> b", "a -> c", "b -> d", "c -> d", "d -> e"],
    );
    const state = runState(g, { a: "failed" });
    const decisions = decideReady(buildTopology(g), state, { trigger: {} }, ["a"]);
    expect(decisions.map((d) => d.nodeId)).toEqual(["b", "c", "d", "e"]);
    expect(decisions.every((d) => d.kind === "skip")).toBe(true);
  });

  it("R5: a false condition and the skips below it are decided in the same call", () => {
    const g = graph(
      { t: "trigger", a: "action", c: { type: "condition", condition: isPositive }, b: "action" },
      ["t -> a", "a -> c", "c -> b"],
    );
    const state = runState(g, { a: { state: "succeeded", output: {} } }, { amount: -3 });
    const decisions = decideReady(buildTopology(g), state, { trigger: { amount: -3 } }, ["a"]);
    expect(decisions).toEqual([
      { nodeId: "c", kind: "skip", reason: "condition_false", blockedBy: [], rootCause: [] },
      {
        nodeId: "b",
        kind: "skip",
        reason: "dependency_not_succeeded",
        blockedBy: ["c"],
        rootCause: ["c"],
      },
    ]);
  });

  it("R2: a 1,000-node chain below a failure is skipped in one call", () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `n${i}`);
    const g = graph(
      { t: "trigger", ...Object.fromEntries(ids.map((id) => [id, "action" as const])) },
      ["t -> n0", ...ids.slice(1).map((id, i) => `${ids[i]} -> ${id}`)],
    );
    const state = runState(g, { n0: "failed" });
    const decisions = decideReady(buildTopology(g), state, { trigger: {} }, ["n0"]);
    expect(decisions).toHaveLength(999);
    expect(applyDecisions(state, decisions).n999).toEqual(skipped(["n998"], ["n0"]));
  });
});

describe("applyDecisions", () => {
  it("R1: maps each decision to the node's next state without touching the input", () => {
    const g = graph({ t: "trigger", a: "action", g: "approval", c: "condition", s: "action" });
    const state = runState(g);
    const next = applyDecisions(state, [
      { nodeId: "a", kind: "run" },
      { nodeId: "g", kind: "wait_approval" },
      { nodeId: "c", kind: "succeed", output: { result: true } },
      {
        nodeId: "s",
        kind: "skip",
        reason: "dependency_not_succeeded",
        blockedBy: ["a"],
        rootCause: ["a"],
      },
    ]);
    expect(next).toMatchObject({
      a: { state: "queued" },
      g: { state: "waiting_approval" },
      c: { state: "succeeded", output: { result: true } },
      s: skipped(["a"], ["a"]),
    });
    expect(state.a).toEqual({ state: "pending" });
  });
});
