import { describe, expect, it } from "vitest";
import { summarizeBranches, type BranchStatus } from "../../../worker/engine/branches";
import { buildTopology } from "../../../worker/engine/topology";
import type { NodeState } from "../../../worker/engine/types";
import { graph, playRun, runState, type Outcome } from "./helpers";

// Three branches below t; `join` hangs below both `a` and `g`.
const g = graph(
  {
    t: "trigger",
    a: "action",
    a2: "action",
    g: "approval",
    g2: "action",
    cond: { type: "condition", condition: { left: "{{ trigger.go }}", operator: "truthy" } },
    c2: "action",
    join: "action",
  },
  ["t -> a", "a -> a2", "t -> g", "g -> g2", "t -> cond", "cond -> c2", "a2 -> join", "g2 -> join"],
);
const topo = buildTopology(g);
const statusOf = (summaries: ReturnType<typeof summarizeBranches>) =>
  Object.fromEntries(summaries.map((s) => [s.rootNodeId, s.status]));

describe("summarizeBranches", () => {
  it("lists one branch per child of the trigger, with shared nodes under each", () => {
    const summaries = summarizeBranches(topo, runState(g));
    expect(summaries.map((s) => [s.rootNodeId, s.nodeIds])).toEqual([
      ["a", ["a", "a2", "join"]],
      ["g", ["g", "g2", "join"]],
      ["cond", ["cond", "c2"]],
    ]);
  });

  it.each<{
    name: string;
    outcomes: Record<string, Outcome["state"]>;
    go: boolean;
    expected: Record<string, BranchStatus>;
  }>([
    {
      name: "R4/R11: a failed branch does not change the status of its siblings",
      outcomes: { a: "failed" },
      go: true,
      expected: { a: "failed", g: "failed", cond: "succeeded" },
    },
    {
      name: "R9: a rejected gate makes its branch rejected, not failed",
      outcomes: { g: "rejected" },
      go: true,
      expected: { a: "rejected", g: "rejected", cond: "succeeded" },
    },
    {
      name: "R5: a branch cut short by a false condition is skipped",
      outcomes: {},
      go: false,
      expected: { a: "succeeded", g: "succeeded", cond: "skipped" },
    },
    {
      name: "R2: a branch with both a failure and a rejection shows the failure",
      outcomes: { a2: "failed", g: "rejected" },
      go: true,
      expected: { a: "failed", g: "failed", cond: "succeeded" },
    },
  ])("$name", ({ outcomes, go, expected }) => {
    const { state } = playRun(g, outcomes, { go });
    expect(statusOf(summarizeBranches(topo, state))).toEqual(expected);
  });

  it("lists failed nodes with the nodes they blocked, and rejections apart", () => {
    const { state } = playRun(g, { a: "failed", g: "rejected" }, { go: true });
    const [branchA, branchG] = summarizeBranches(topo, state);
    expect(branchA).toMatchObject({
      failures: [{ nodeId: "a", blocked: ["a2", "join"] }],
      rejections: [],
    });
    expect(branchG).toMatchObject({
      failures: [],
      rejections: [{ nodeId: "g", blocked: ["g2", "join"] }],
    });
  });

  it.each<{ name: string; states: Record<string, NodeState>; root: string; status: BranchStatus }>([
    {
      name: "a running node makes its branch running",
      states: { a: "running" },
      root: "a",
      status: "running",
    },
    {
      name: "a node waiting for approval makes its branch running",
      states: { g: "waiting_approval" },
      root: "g",
      status: "running",
    },
    {
      name: "a for-each some of whose items failed makes its branch failed, also when its children ran",
      states: { a: "partially_succeeded", a2: "succeeded", join: "succeeded" },
      root: "a",
      status: "failed",
    },
    {
      name: "R13: a cancelled branch is cancelled",
      states: { a: "succeeded", a2: "cancelled", join: "cancelled" },
      root: "a",
      status: "cancelled",
    },
  ])("$name", ({ states, root, status }) => {
    const summary = summarizeBranches(topo, runState(g, states)).find((s) => s.rootNodeId === root);
    expect(summary?.status).toBe(status);
  });

  it("a graph with only a trigger has no branches", () => {
    const lone = graph({ t: "trigger" });
    expect(summarizeBranches(buildTopology(lone), runState(lone))).toEqual([]);
  });
});
