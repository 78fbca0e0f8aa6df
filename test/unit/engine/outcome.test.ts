import { describe, expect, it } from "vitest";
import { failedOrBlockedByFailure, isTerminal, runOutcome } from "../../../worker/engine/outcome";
import type { NodeState, NodeStatus, RunStatus } from "../../../worker/engine/types";
import { graph, runState } from "./helpers";

// t -> a (action) ; t -> g (approval) -> b (action) ; t -> c (condition) -> d (action)
const g = graph(
  { t: "trigger", a: "action", g: "approval", b: "action", c: "condition", d: "action" },
  ["t -> a", "t -> g", "g -> b", "t -> c", "c -> d"],
);

const skippedBy = (root: string): NodeStatus => ({
  state: "skipped",
  reason: "dependency_not_succeeded",
  blockedBy: [root],
  rootCause: [root],
});
const conditionFalse: NodeStatus = {
  state: "skipped",
  reason: "condition_false",
  blockedBy: [],
  rootCause: [],
};

type States = Record<string, NodeState | NodeStatus>;
const allSucceeded: States = {
  a: "succeeded",
  g: "succeeded",
  b: "succeeded",
  c: "succeeded",
  d: "succeeded",
};

const cases: { name: string; states: States; expected: RunStatus | null }[] = [
  { name: "R11: every node succeeded -> succeeded", states: allSucceeded, expected: "succeeded" },
  {
    name: "R11: skips from a false condition are not failures -> succeeded",
    states: { ...allSucceeded, c: conditionFalse, d: skippedBy("c") },
    expected: "succeeded",
  },
  {
    name: "R11: a rejection alone never fails the run -> succeeded",
    states: { ...allSucceeded, g: "rejected", b: skippedBy("g") },
    expected: "succeeded",
  },
  {
    name: "R11: a failure with another action succeeded -> partially_succeeded",
    states: { ...allSucceeded, g: "rejected", b: skippedBy("g"), d: "failed" },
    expected: "partially_succeeded",
  },
  {
    name: "R11: failures and no action succeeded -> failed",
    states: { a: "failed", g: "succeeded", b: "failed", c: conditionFalse, d: skippedBy("c") },
    expected: "failed",
  },
  {
    name: "R11: succeeded conditions and gates do not count as succeeded actions -> failed",
    states: { a: "failed", g: "succeeded", b: skippedBy("x"), c: "succeeded", d: "failed" },
    expected: "failed",
  },
  {
    name: "R11/R13: any cancelled node -> cancelled",
    states: { ...allSucceeded, a: "failed", b: "cancelled" },
    expected: "cancelled",
  },
  {
    name: "R11: a running node -> not ended yet",
    states: { ...allSucceeded, a: "running" },
    expected: null,
  },
  {
    name: "R11: a node waiting for approval -> not ended yet",
    states: { ...allSucceeded, g: "waiting_approval", b: "pending" },
    expected: null,
  },
  {
    name: "R11: a node waiting for a connection -> not ended yet",
    states: { ...allSucceeded, d: "waiting_connection" },
    expected: null,
  },
];

describe("runOutcome", () => {
  it.each(cases)("$name", ({ states, expected }) => {
    expect(runOutcome(g, runState(g, states))).toBe(expected);
  });

  it("R11: a node missing from the state means the run has not ended", () => {
    const state = runState(g, allSucceeded);
    delete state.d;
    expect(runOutcome(g, state)).toBeNull();
  });
});

describe("isTerminal", () => {
  it.each([
    ["succeeded", true],
    ["failed", true],
    ["skipped", true],
    ["rejected", true],
    ["cancelled", true],
    ["pending", false],
    ["queued", false],
    ["running", false],
    ["retrying", false],
    ["waiting_approval", false],
    ["waiting_connection", false],
  ] as const)("%s -> %s", (state, expected) => {
    expect(isTerminal(state)).toBe(expected);
  });
});

describe("failedOrBlockedByFailure", () => {
  it("R11: lists failed nodes and nodes skipped because of them, not rejection or condition skips", () => {
    const state = runState(g, {
      a: "failed",
      g: "rejected",
      b: skippedBy("g"),
      c: conditionFalse,
      d: { ...skippedBy("a"), rootCause: ["a", "g"] },
    });
    expect([...failedOrBlockedByFailure(state)].sort()).toEqual(["a", "d"]);
  });
});
