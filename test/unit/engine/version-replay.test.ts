import { describe, expect, it } from "vitest";
import { buildTopology } from "../../../worker/engine/topology";
import type { Graph } from "../../../worker/engine/types";
import { planVersionReplay } from "../../../worker/engine/version-replay";
import { graph, playRun } from "./helpers";

// Version 1: t -> fetch -> bill -> mail ; t -> log ; fetch ~> audit
const http = (url: string) => ({
  type: "action" as const,
  action: "http.request",
  input: { method: "GET", url },
});
const v1 = graph(
  {
    t: "trigger",
    fetch: http("https://a.test/order"),
    bill: http("https://a.test/bil"), // the typo the user fixes
    mail: http("https://a.test/mail"),
    log: http("https://a.test/log"),
    audit: http("https://a.test/audit"),
  },
  ["t -> fetch", "fetch -> bill", "bill -> mail", "t -> log", "fetch ~> audit"],
);
const ended = playRun(v1, { bill: "failed" }).state;

function withNodes(base: Graph, change: (nodes: Graph["nodes"]) => Graph["nodes"]): Graph {
  return { nodes: change(base.nodes.map((n) => ({ ...n }))), edges: [...base.edges] };
}

function plan(after: Graph) {
  return planVersionReplay(buildTopology(v1), ended, buildTopology(after));
}

describe("planVersionReplay", () => {
  it("keeps unchanged successes and re-runs the fixed step and what depends on it", () => {
    const fixed = withNodes(v1, (nodes) =>
      nodes.map((n) => (n.id === "bill" ? { ...n, ...http("https://a.test/bill") } : n)),
    );
    expect(plan(fixed)).toEqual({
      kept: ["fetch", "log", "audit"],
      rerun: [
        { nodeId: "bill", reason: "changed" },
        { nodeId: "mail", reason: "not_succeeded" },
      ],
      removed: [],
    });
  });

  it.each<[string, (g: Graph) => Graph, { nodeId: string; reason: string }[], string[]]>([
    [
      "a failed step left as it was runs again",
      (g) => g,
      [
        { nodeId: "bill", reason: "not_succeeded" },
        { nodeId: "mail", reason: "not_succeeded" },
      ],
      ["fetch", "log", "audit"],
    ],
    [
      "a changed success runs again, and so does everything below it",
      (g) =>
        withNodes(g, (nodes) =>
          nodes.map((n) => (n.id === "fetch" ? { ...n, ...http("https://b.test/order") } : n)),
        ),
      [
        { nodeId: "fetch", reason: "changed" },
        { nodeId: "bill", reason: "not_succeeded" },
        { nodeId: "mail", reason: "not_succeeded" },
        { nodeId: "audit", reason: "upstream_reruns" },
      ],
      ["log"],
    ],
    [
      "a new step runs; a success placed under it runs again",
      (g) => ({
        nodes: [...g.nodes, { id: "check", ...http("https://a.test/check") }],
        edges: [
          ...g.edges.filter((e) => e.to !== "log"),
          { from: "t", to: "check", kind: "dependent" },
          { from: "check", to: "log", kind: "dependent" },
        ],
      }),
      [
        { nodeId: "bill", reason: "not_succeeded" },
        { nodeId: "mail", reason: "not_succeeded" },
        { nodeId: "check", reason: "new" },
        { nodeId: "log", reason: "upstream_reruns" },
      ],
      ["fetch", "audit"],
    ],
    [
      "a new name, retry policy or timeout is not new work",
      (g) =>
        withNodes(g, (nodes) =>
          nodes.map((n) =>
            n.id === "log" ? { ...n, name: "Write log", timeoutMs: 5_000, retry: {} } : n,
          ),
        ),
      [
        { nodeId: "bill", reason: "not_succeeded" },
        { nodeId: "mail", reason: "not_succeeded" },
      ],
      ["fetch", "log", "audit"],
    ],
    [
      "input keys in another order are the same input",
      (g) =>
        withNodes(g, (nodes) =>
          nodes.map((n) =>
            n.id === "log" ? { ...n, input: { url: "https://a.test/log", method: "GET" } } : n,
          ),
        ),
      [
        { nodeId: "bill", reason: "not_succeeded" },
        { nodeId: "mail", reason: "not_succeeded" },
      ],
      ["fetch", "log", "audit"],
    ],
  ])("%s", (_name, change, rerun, kept) => {
    const result = plan(change(v1));
    expect(result.rerun).toEqual(expect.arrayContaining(rerun));
    expect(result.rerun).toHaveLength(rerun.length);
    expect(result.kept.sort()).toEqual([...kept].sort());
  });

  it("lists the steps the new version dropped, and never plans them", () => {
    const dropped = {
      nodes: v1.nodes.filter((n) => n.id !== "mail"),
      edges: v1.edges.filter((e) => e.to !== "mail"),
    };
    const result = plan(dropped);
    expect(result.removed).toEqual(["mail"]);
    expect(result.rerun.map((r) => r.nodeId)).toEqual(["bill"]);
  });
});

describe("planVersionReplay inside a for-each", () => {
  // Version 1: t -> each[ fetch -> charge -> receipt ; fetch -> log ] -> done
  const step = (url: string) => http(`https://a.test/${url}`);
  const each = (items: string, body: Graph) => ({
    type: "foreach" as const,
    forEach: { items, body },
  });
  const body1 = graph(
    { fetch: step("fetch"), charge: step("charge"), receipt: step("receipt"), log: step("log") },
    ["fetch -> charge", "charge -> receipt", "fetch -> log"],
  );
  const version = (
    body: Graph,
    extra: Record<string, unknown> = {},
    items = "{{ trigger.orders }}",
  ) =>
    graph(
      { t: "trigger", pre: step("pre"), each: each(items, body), done: step("done"), ...extra },
      ["t -> pre", "pre -> each", "each -> done"],
    );
  const v1 = version(body1);
  const withBody = (change: (nodes: Graph["nodes"]) => Graph["nodes"]) =>
    version({ nodes: change(body1.nodes.map((n) => ({ ...n }))), edges: body1.edges });
  const changeStep = (id: string, url: string) =>
    withBody((nodes) => nodes.map((n) => (n.id === id ? { ...n, ...step(url) } : n)));

  function planFrom(eachState: "succeeded" | "failed", after: Graph) {
    const state = playRun(v1, { each: eachState }).state;
    return planVersionReplay(buildTopology(v1), state, buildTopology(after));
  }

  it.each<[string, Graph, { stepId: string; reason: string }[]]>([
    [
      "a changed step runs again in every item, with what depends on it",
      changeStep("charge", "charge2"),
      [
        { stepId: "charge", reason: "changed" },
        { stepId: "receipt", reason: "upstream_reruns" },
      ],
    ],
    [
      "a changed first step takes every step below it along",
      changeStep("fetch", "fetch2"),
      [
        { stepId: "fetch", reason: "changed" },
        { stepId: "charge", reason: "upstream_reruns" },
        { stepId: "log", reason: "upstream_reruns" },
        { stepId: "receipt", reason: "upstream_reruns" },
      ],
    ],
    [
      "a new step runs in every item; the steps beside it keep theirs",
      withBody((nodes) => [...nodes, { id: "tag", ...step("tag") }]),
      [{ stepId: "tag", reason: "new" }],
    ],
    [
      "a dropped step leaves nothing to run again",
      version({
        nodes: body1.nodes.filter((n) => n.id !== "log"),
        edges: body1.edges.filter((e) => e.to !== "log"),
      }),
      [],
    ],
  ])("%s", (_name, after, rerunSteps) => {
    const result = planFrom("succeeded", after);
    expect(result.rerun).toEqual([
      { nodeId: "each", reason: "changed" },
      { nodeId: "done", reason: "upstream_reruns" },
    ]);
    expect(result.forEach).toEqual({ each: { restart: null, rerunSteps } });
  });

  it("an unchanged body of a for-each that did not succeed re-runs only what did not succeed (R12)", () => {
    const result = planFrom("failed", v1);
    expect(result.rerun).toEqual([
      { nodeId: "each", reason: "not_succeeded" },
      { nodeId: "done", reason: "not_succeeded" },
    ]);
    expect(result.forEach).toEqual({ each: { restart: null, rerunSteps: [] } });
  });

  it.each<[string, Graph, string]>([
    ["a changed list", version(body1, {}, "{{ trigger.invoices }}"), "list_changed"],
    [
      "a step above the for-each that runs again",
      version(body1, { pre: step("pre2") }),
      "upstream_reruns",
    ],
  ])("%s makes every item start over", (_name, after, restart) => {
    expect(planFrom("succeeded", after).forEach).toEqual({ each: { restart, rerunSteps: [] } });
  });

  it("an unchanged succeeded for-each keeps every item: no for-each plan", () => {
    const result = planFrom("succeeded", version(body1, { done: step("done2") }));
    expect(result.kept).toEqual(["pre", "each"]);
    expect(result.forEach).toBeUndefined();
  });
});
