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
