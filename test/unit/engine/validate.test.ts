import { describe, expect, it } from "vitest";
import type { Graph } from "../../../worker/engine/types";
import { validateGraph } from "../../../worker/engine/validate";
import { catalog, connection } from "./catalog";
import { edge, graph } from "./helpers";

const echo = (input: Record<string, unknown> = { url: "https://x.test", count: 1 }) => ({
  type: "action" as const,
  action: "test.echo",
  input,
});
const chat = (connection?: string) => ({
  type: "action" as const,
  action: "test.chat",
  connection,
  input: { channel: "#ops", text: "hi" },
});

const validate = (g: Graph) => validateGraph(g, catalog, { connection });

describe("validateGraph: a valid graph", () => {
  it("R6: templates to the trigger and to dependent ancestors, in any field, are fine", () => {
    const g = graph(
      {
        t: "trigger",
        a: echo({ url: "{{ trigger.url }}", count: "{{ trigger.n }}", headers: "{{ trigger.h }}" }),
        b: chat("conn-slack"),
        c: {
          type: "condition",
          condition: { left: "{{ steps.a.status }}", operator: "equals", right: 200 },
        },
        d: echo({ url: "https://x.test/{{ steps.a.id }}/{{ steps.t.id }}", count: 2 }),
        g: "approval",
      },
      ["t -> a", "t -> b", "a -> c", "c -> d", "t -> g"],
    );
    expect(validate(g)).toEqual({ problems: [], warnings: [] });
  });
});

interface ProblemCase {
  name: string;
  graph: Graph;
  expected: { nodeId: string | null; field: string; message: RegExp };
}

const base = { t: "trigger" as const, a: echo() };
const baseEdges = ["t -> a"];

const problemCases: ProblemCase[] = [
  {
    name: "no trigger",
    graph: graph({ a: echo() }),
    expected: { nodeId: null, field: "nodes", message: /exactly one trigger; it has none/ },
  },
  {
    name: "a second trigger",
    graph: graph({ ...base, t2: "trigger" }, baseEdges),
    expected: { nodeId: "t2", field: "type", message: /exactly one trigger/ },
  },
  {
    name: "duplicate node ids",
    graph: {
      nodes: [...graph(base).nodes, { id: "a", type: "approval" }],
      edges: baseEdges.map(edge),
    },
    expected: { nodeId: "a", field: "id", message: /"a" is used by nodes\[1\] and nodes\[2\]/ },
  },
  {
    name: "an edge to an unknown node",
    graph: graph(base, [...baseEdges, "a -> ghost"]),
    expected: { nodeId: "a", field: "edges[1]", message: /unknown node "ghost"/ },
  },
  {
    name: "a self-loop",
    graph: graph(base, [...baseEdges, "a -> a"]),
    expected: { nodeId: "a", field: "edges[1]", message: /edge to itself/ },
  },
  {
    name: "a duplicate edge, even of another kind",
    graph: graph(base, [...baseEdges, "t ~> a"]),
    expected: { nodeId: "a", field: "edges[1]", message: /duplicates edges\[0\]/ },
  },
  {
    name: "an edge into the trigger",
    graph: graph(base, [...baseEdges, "a ~> t"]),
    expected: { nodeId: "t", field: "edges[1]", message: /cannot have incoming edges/ },
  },
  {
    name: "a cycle, naming its nodes",
    graph: graph({ ...base, b: echo(), c: echo() }, [...baseEdges, "a -> b", "b -> c", "c -> a"]),
    expected: {
      nodeId: "a",
      field: "edges",
      message:
        /^steps "a", "b", "c" form a cycle: "a" → "b" → "c" → "a"; remove one of these edges$/,
    },
  },
  {
    name: "a cycle of named steps, by their names",
    graph: graph(
      { ...base, b: { ...echo(), name: "Call billing" }, c: { ...echo(), name: "Send receipt" } },
      [...baseEdges, "a -> b", "b -> c", "c -> b"],
    ),
    expected: {
      nodeId: "b",
      field: "edges",
      message:
        /^steps "Call billing", "Send receipt" form a cycle: "Call billing" → "Send receipt" → "Call billing"; remove/,
    },
  },
  {
    name: "a node not reachable from the trigger",
    graph: graph({ ...base, lonely: echo() }, baseEdges),
    expected: { nodeId: "lonely", field: "edges", message: /not reachable from the trigger/ },
  },
  {
    name: "an action node without an action",
    graph: graph({ ...base, b: { type: "action" } }, [...baseEdges, "a -> b"]),
    expected: { nodeId: "b", field: "action", message: /needs an action/ },
  },
  {
    name: "an unknown action",
    graph: graph({ ...base, b: { type: "action", action: "test.nope" } }, [...baseEdges, "a -> b"]),
    expected: { nodeId: "b", field: "action", message: /unknown action "test.nope"/ },
  },
  {
    name: "input invalid against the action's schema",
    graph: graph({ ...base, b: echo({ url: "not a url", count: 1 }) }, [...baseEdges, "a -> b"]),
    expected: { nodeId: "b", field: "input.url", message: /URL/i },
  },
  {
    name: "a required input missing",
    graph: graph({ ...base, b: echo({ url: "https://x.test" }) }, [...baseEdges, "a -> b"]),
    // Says which field and what to do, not "Invalid input: expected number, received undefined".
    expected: { nodeId: "b", field: "input.count", message: /^Count is required: fill it in\.$/ },
  },
  {
    name: "a template does not excuse a wrong type elsewhere",
    graph: graph({ ...base, b: echo({ url: "{{ trigger.u }}", count: 1.5 }) }, [
      ...baseEdges,
      "a -> b",
    ]),
    expected: { nodeId: "b", field: "input.count", message: /^must be a whole number$/ },
  },
  {
    name: "an action needing a provider without a connection",
    graph: graph({ ...base, b: chat() }, [...baseEdges, "a -> b"]),
    expected: {
      nodeId: "b",
      field: "connection",
      message: /^"Post a message" needs a Chat account: choose one$/,
    },
  },
  {
    name: "an unknown connection",
    graph: graph({ ...base, b: chat("conn-nope") }, [...baseEdges, "a -> b"]),
    expected: {
      nodeId: "b",
      field: "connection",
      message: /^the chosen account no longer exists; "Post a message" needs a Chat account$/,
    },
  },
  {
    name: "an account made for another app (even on the same provider)",
    graph: graph({ ...base, b: chat("conn-gh") }, [...baseEdges, "a -> b"]),
    expected: {
      nodeId: "b",
      field: "connection",
      message: /^"Work tracker" is a Tracker account; "Post a message" needs a Chat account$/,
    },
  },
  {
    name: "a condition node without a condition",
    graph: graph({ ...base, c: "condition" }, [...baseEdges, "a -> c"]),
    expected: { nodeId: "c", field: "condition", message: /needs a condition/ },
  },
  {
    name: "a connection on a non-action node",
    graph: graph({ ...base, g: { type: "approval", connection: "conn-slack" } }, [
      ...baseEdges,
      "a -> g",
    ]),
    expected: { nodeId: "g", field: "connection", message: /only action nodes have a connection/ },
  },
  {
    name: "an action on a non-action node",
    graph: graph({ ...base, g: { type: "approval", action: "test.echo" } }, [
      ...baseEdges,
      "a -> g",
    ]),
    expected: { nodeId: "g", field: "action", message: /only action nodes have an action/ },
  },
  {
    name: "a template referencing a node that is not an ancestor",
    graph: graph(
      { ...base, b: echo(), c: echo({ url: "https://x.test/{{ steps.b.id }}", count: 1 }) },
      [...baseEdges, "a -> b", "a -> c"],
    ),
    expected: {
      nodeId: "c",
      field: "input.url",
      message: /refers to "b", which is not an ancestor of this node/,
    },
  },
  {
    name: "a template referencing a descendant",
    graph: graph({ t: "trigger", a: echo({ url: "{{ steps.b.url }}", count: 1 }), b: echo() }, [
      "t -> a",
      "a -> b",
    ]),
    expected: { nodeId: "a", field: "input.url", message: /"b", which is not an ancestor/ },
  },
  {
    name: "a template referencing an unknown node",
    graph: graph(
      { t: "trigger", a: echo({ url: "https://x.test", count: "{{ steps.ghost.n }}" }) },
      baseEdges,
    ),
    expected: {
      nodeId: "a",
      field: "input.count",
      message: /"ghost", which is not a node of this graph/,
    },
  },
  {
    name: "a template referencing the node itself",
    graph: graph({ t: "trigger", a: echo({ url: "{{ steps.a.url }}", count: 1 }) }, baseEdges),
    expected: { nodeId: "a", field: "input.url", message: /the node itself/ },
  },
  {
    name: "a malformed template in a condition",
    graph: graph(
      { ...base, c: { type: "condition", condition: { left: "{{ foo }}", operator: "truthy" } } },
      [...baseEdges, "a -> c"],
    ),
    expected: {
      nodeId: "c",
      field: "condition.left",
      message: /malformed template "\{\{ foo \}\}"/,
    },
  },
  {
    name: "an unclosed template in a nested input",
    graph: graph(
      {
        t: "trigger",
        a: echo({ url: "https://x.test", count: 1, headers: { x: "{{ trigger.h" } }),
      },
      baseEdges,
    ),
    expected: { nodeId: "a", field: "input.headers.x", message: /unclosed template/ },
  },
];

describe("validateGraph: each kind of problem", () => {
  it.each(problemCases)("refuses $name", ({ graph: g, expected }) => {
    const { problems } = validate(g);
    expect(problems).toContainEqual({
      ...expected,
      message: expect.stringMatching(expected.message),
    });
  });

  it("lists every problem of a graph at once", () => {
    const g = graph(
      {
        t: "trigger",
        t2: "trigger",
        a: echo({ url: "nope", count: "{{ trigger.n }}" }),
        b: chat("conn-gh"),
        c: { type: "condition", connection: "conn-slack" },
        d: echo({ url: "{{ steps.b.url }}", count: 1 }),
        x: echo(),
        y: echo(),
        lonely: { type: "action", action: "test.nope" },
      },
      [
        "t -> a",
        "t -> b",
        "a -> c",
        "a -> d",
        "a -> ghost",
        "d -> d",
        "t -> a",
        "x -> y",
        "y -> x",
        "lonely ~> t",
      ],
    );
    const { problems } = validate(g);
    const summary = problems.map((p) => `${p.nodeId}:${p.field}`);
    expect(summary).toEqual(
      expect.arrayContaining([
        "t2:type",
        "a:edges[4]",
        "d:edges[5]",
        "a:edges[6]",
        "t:edges[9]",
        "x:edges", // the x <-> y cycle
        "x:edges", // x unreachable
        "y:edges",
        "lonely:edges",
        "a:input.url",
        "b:connection",
        "c:connection",
        "c:condition",
        "d:input.url",
        "lonely:action",
      ]),
    );
    // The template in a.count stands in for a number: no problem reported there.
    expect(summary).not.toContain("a:input.count");
  });
});

describe("validateGraph: warnings (R6)", () => {
  it("R6: a reference reachable only through an independent edge warns it may be null", () => {
    const g = graph(
      {
        t: "trigger",
        a: echo(),
        b: echo({ url: "https://x.test/{{ steps.a.id }}", count: 1 }),
        c: echo({ url: "https://x.test/{{ steps.a.id }}", count: 1 }),
      },
      ["t -> a", "a ~> b", "b -> c"],
    );
    const { problems, warnings } = validate(g);
    expect(problems).toEqual([]);
    expect(warnings).toEqual([
      {
        nodeId: "b",
        field: "input.url",
        message: expect.stringMatching(
          /"a", reached only through an independent edge: it resolves to null if "a" does not succeed/,
        ),
      },
      { nodeId: "c", field: "input.url", message: expect.stringMatching(/independent edge/) },
    ]);
  });

  it("R6: no warning when a dependent path also guarantees the ancestor succeeded", () => {
    const g = graph(
      {
        t: "trigger",
        a: echo(),
        b: echo(),
        c: echo({ url: "https://x.test/{{ steps.a.id }}", count: 1 }),
      },
      ["t -> a", "a ~> c", "a -> b", "b -> c"],
    );
    expect(validate(g)).toEqual({ problems: [], warnings: [] });
  });

  it("does not check connections when no connection lookup is given", () => {
    const g = graph({ t: "trigger", b: chat("conn-anything") }, ["t -> b"]);
    expect(validateGraph(g, catalog).problems).toEqual([]);
  });
});
