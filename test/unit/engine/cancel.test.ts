import { describe, expect, it } from "vitest";
import { planCancel } from "../../../worker/engine/cancel";
import type { NodeState } from "../../../worker/engine/types";
import { graph, runState } from "./helpers";

const states: Record<string, NodeState> = {
  p: "pending",
  q: "queued",
  r: "running",
  rt: "retrying",
  wa: "waiting_approval",
  wc: "waiting_connection",
  s: "succeeded",
  f: "failed",
  sk: "skipped",
  rj: "rejected",
  c: "cancelled",
};
const g = graph({
  t: "trigger",
  ...Object.fromEntries(Object.keys(states).map((id) => [id, "action" as const])),
});

describe("planCancel", () => {
  const terminal = new Set<NodeState>(["succeeded", "failed", "skipped", "rejected", "cancelled"]);

  it.each(
    Object.entries(states).map(([id, state]) => ({ id, state, cancelled: !terminal.has(state) })),
  )("R13: a $state node is cancelled: $cancelled", ({ id, state, cancelled }) => {
    expect(planCancel(runState(g, { [id]: state })).includes(id)).toBe(cancelled);
  });

  it("R13: lists exactly the non-terminal nodes", () => {
    expect(planCancel(runState(g, states)).sort()).toEqual(["p", "q", "r", "rt", "wa", "wc"]);
  });
});
