import { describe, expect, it } from "vitest";
import { decideReady } from "../../../worker/engine/decide";
import { runOutcome } from "../../../worker/engine/outcome";
import { applyReplay, planReplay } from "../../../worker/engine/replay";
import { buildTopology } from "../../../worker/engine/topology";
import { graph, playRun, runState } from "./helpers";

// t -> a -> b -> c ; t -> g (approval) -> h ; t -> cond (false) -> k ; t -> ok ; a ~> cleanup
const g = graph(
  {
    t: "trigger",
    a: "action",
    b: "action",
    c: "action",
    cleanup: "action",
    g: "approval",
    h: "action",
    cond: { type: "condition", condition: { left: "{{ trigger.go }}", operator: "truthy" } },
    k: "action",
    ok: "action",
    join: "action",
  },
  [
    "t -> a",
    "a -> b",
    "b -> c",
    "a ~> cleanup",
    "t -> g",
    "g -> h",
    "t -> cond",
    "cond -> k",
    "t -> ok",
    "b -> join",
    "g -> join",
  ],
);
const ended = playRun(g, { a: "failed", g: "rejected", ok: "succeeded" }, { go: false });

describe("planReplay", () => {
  it.each([
    {
      name: "R12: resets failed nodes and nodes skipped because of them; rejected gates stay",
      options: {},
      reset: ["a", "b", "c", "join"],
    },
    {
      name: "R12: requestApprovalAgain also resets rejected gates and their skipped dependents",
      options: { requestApprovalAgain: true },
      reset: ["a", "g", "b", "h", "c", "join"],
    },
  ])("$name", ({ options, reset }) => {
    expect(runOutcome(g, ended.state)).toBe("partially_succeeded");
    expect(planReplay(ended.topo, ended.state, options).reset).toEqual(reset);
  });

  it("R12: succeeded nodes and condition-false skips are never reset", () => {
    const { reset } = planReplay(ended.topo, ended.state, { requestApprovalAgain: true });
    for (const kept of ["t", "ok", "cleanup", "cond", "k"]) expect(reset).not.toContain(kept);
  });

  it("R12: after a cancel, the cancelled nodes are reset and finished ones kept", () => {
    const small = graph({ t: "trigger", x: "action", y: "action", z: "action" }, [
      "t -> x",
      "x -> y",
      "t -> z",
    ]);
    const state = runState(small, { x: "cancelled", y: "cancelled", z: "succeeded" });
    expect(planReplay(buildTopology(small), state).reset).toEqual(["x", "y"]);
  });

  it("R12: the next generation re-runs only the failed part and keeps earlier outputs", () => {
    const { reset } = planReplay(ended.topo, ended.state);
    const replayed = applyReplay(ended.state, reset);
    expect(replayed.a).toEqual({ state: "pending" });
    expect(replayed.join).toEqual({ state: "pending" });
    expect(replayed.ok).toEqual(ended.state.ok);

    // The shell decides without `changed` after a replay: only `a` is ready.
    expect(decideReady(ended.topo, replayed, { trigger: { go: false } })).toEqual([
      { nodeId: "a", kind: "run" },
    ]);
    const next = playRun(g, {}, { go: false }, replayed);
    const ran = next.decisions.filter((d) => d.kind === "run").map((d) => d.nodeId);
    expect(ran).toEqual(["a", "b", "c"]);
    // `join` is decided again and now blames only the gate, which stayed rejected.
    expect(next.state.join).toEqual({
      state: "skipped",
      reason: "dependency_not_succeeded",
      blockedBy: ["g"],
      rootCause: ["g"],
    });
    expect(runOutcome(g, next.state)).toBe("succeeded");
  });

  it("R12: with requestApprovalAgain the gate asks again and, approved, its dependents run", () => {
    const { reset } = planReplay(ended.topo, ended.state, { requestApprovalAgain: true });
    const next = playRun(g, {}, { go: false }, applyReplay(ended.state, reset));
    expect(next.decisions).toContainEqual({ nodeId: "g", kind: "wait_approval" });
    expect(next.state.h).toMatchObject({ state: "succeeded" });
    expect(next.state.join).toMatchObject({ state: "succeeded" });
  });

  it("R12: applyReplay does not modify the ended state", () => {
    const before = structuredClone(ended.state);
    applyReplay(ended.state, ["a"]);
    expect(ended.state).toEqual(before);
  });
});
