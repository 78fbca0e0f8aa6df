import { describe, expect, it } from "vitest";
import { parseGraph } from "../../../worker/engine/graph-schema";
import type { Graph } from "../../../worker/engine/types";
import { validateGraph } from "../../../worker/engine/validate";
import { outputSummary } from "../../../worker/engine/worker-groups";
import { workerGroups } from "../../../worker/config";
import { catalog } from "./catalog";
import { graph } from "./helpers";

const echo = (url: string, extra: Record<string, unknown> = {}) => ({
  type: "action" as const,
  action: "test.echo",
  input: { url, count: 1 },
  ...extra,
});
const kept = { runsOn: "eu-onprem", keep: "group", summary: ["rowCount"], name: "Query customers" };
const problemsOf = (g: Graph) => validateGraph(g, catalog).problems;

describe("worker groups in a saved graph", () => {
  it("a step names its group; other steps read a kept output's summary fields only", () => {
    const g = graph(
      {
        t: "trigger",
        q: echo("https://db.test", kept),
        same: echo("https://x.test/{{ steps.q.rows }}", { runsOn: "eu-onprem" }),
        ok: echo("https://x.test/{{ steps.q.rowCount }}/{{ steps.p.body.count }}"),
        p: echo("https://db.test", { ...kept, summary: ["body.count"], name: "Read files" }),
        deep: echo("https://x.test/{{ steps.p.body }}"),
        leak: echo("https://x.test/{{ steps.q.rows.0 }}", { name: "Post to chat" }),
        whole: echo("https://x.test/{{ steps.q }}"),
      },
      [
        "t -> q",
        "t -> p",
        "q -> same",
        "p -> ok",
        "q -> ok",
        "q -> leak",
        "q -> whole",
        "p -> deep",
      ],
    );
    expect(problemsOf(g)).toEqual([
      {
        nodeId: "deep",
        field: "input",
        message:
          '{{ steps.p.body }} reads the output of "Read files", which stays in the worker group "eu-onprem": steps outside that group may read only its summary fields (body.count)',
      },
      {
        nodeId: "leak",
        field: "input",
        message:
          '{{ steps.q.rows.0 }} reads the output of "Query customers", which stays in the worker group "eu-onprem": steps outside that group may read only its summary fields (rowCount)',
      },
      {
        nodeId: "whole",
        field: "input",
        message:
          '{{ steps.q }} reads the output of "Query customers", which stays in the worker group "eu-onprem": steps outside that group may read only its summary fields (rowCount)',
      },
    ]);
  });

  it("a condition reads a kept output as a step outside the group does", () => {
    const g = graph(
      {
        t: "trigger",
        q: echo("https://db.test", kept),
        c: {
          type: "condition",
          condition: { left: "{{ steps.q.rows }}", operator: "exists" },
        },
      },
      ["t -> q", "q -> c"],
    );
    expect(problemsOf(g).map((p) => [p.nodeId, p.field])).toEqual([["c", "condition.left"]]);
  });

  it("keeping an output needs a group; summaries need keeping; only actions choose", () => {
    const g = graph(
      {
        t: "trigger",
        a: echo("https://x.test", { keep: "group", name: "Read files" }),
        b: echo("https://x.test", { summary: ["n"] }),
        c: { type: "condition", runsOn: "eu-onprem", condition: { left: 1, operator: "truthy" } },
      },
      ["t -> a", "t -> b", "t -> c"],
    );
    expect(problemsOf(g).map((p) => [p.nodeId, p.field, p.message])).toEqual([
      [
        "a",
        "keep",
        '"Read files" keeps its output in its worker group: choose the group it runs on',
      ],
      ["b", "summary", "summary fields are for outputs kept in their worker group"],
      ["c", "runsOn", "only action steps choose where they run and what they keep"],
    ]);
  });

  it("a group's name is checked when the graph is read", () => {
    const parsed = parseGraph({
      nodes: [
        { id: "t", type: "trigger" },
        { ...echo("https://x.test"), id: "a", runsOn: "EU!" },
      ],
      edges: [],
    });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.problems.map((p) => [p.nodeId, p.field])).toEqual([["a", "nodes[1].runsOn"]]);
  });

  it("the summary is the declared fields that the output has", () => {
    expect(outputSummary({ summary: ["rowCount", "missing"] }, { rowCount: 3, rows: [1] })).toEqual(
      { rowCount: 3 },
    );
    const response = { status: 200, body: { count: 2, rows: [1, 2], meta: { page: 1 } } };
    expect(
      outputSummary({ summary: ["status", "body.count", "body.meta.page"] }, response),
    ).toEqual({ status: 200, body: { count: 2, meta: { page: 1 } } });
    expect(outputSummary({ summary: ["n"] }, "text")).toEqual({});
  });
});

describe("a worker's groups", () => {
  it("come from --group (several) and SWITCHYARD_WORKER_GROUPS; neither: the default group", () => {
    expect(workerGroups(undefined, [])).toEqual(["default"]);
    expect(workerGroups("eu-onprem, us", ["--group", "lab", "--group=eu-onprem"])).toEqual([
      "eu-onprem",
      "us",
      "lab",
    ]);
    expect(() => workerGroups(undefined, ["--group"])).toThrow(/needs a group name/);
    expect(() => workerGroups("Bad Name", [])).toThrow(/lower-case letters/);
    expect(() => workerGroups(undefined, ["--groups", "x"])).toThrow(/unknown argument/);
  });
});
