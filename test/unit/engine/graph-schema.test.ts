import { describe, expect, it } from "vitest";
import { parseGraph } from "../../../worker/engine/graph-schema";

const valid = {
  nodes: [
    { id: "t", type: "trigger" },
    {
      id: "send_mail-1",
      type: "action",
      action: "smtp.send",
      connection: "c1",
      input: { to: "{{ trigger.email }}" },
      retry: { maxAttempts: 5 },
      timeoutMs: 15 * 60 * 1000,
    },
    {
      id: "c",
      type: "condition",
      condition: { left: "{{ trigger.n }}", operator: "greater_than", right: 3 },
    },
  ],
  edges: [
    { from: "t", to: "send_mail-1", kind: "dependent" },
    { from: "t", to: "c", kind: "independent" },
  ],
};

const withNode = (patch: Record<string, unknown>) => ({
  ...valid,
  nodes: [...valid.nodes.slice(0, 1), { ...valid.nodes[1], ...patch }, ...valid.nodes.slice(2)],
});

describe("parseGraph", () => {
  it("accepts a well-formed graph", () => {
    const result = parseGraph(valid);
    expect(result).toEqual({ ok: true, graph: valid });
  });

  it.each([
    {
      name: "an id starting with a digit",
      json: withNode({ id: "1abc" }),
      nodeId: "1abc",
      field: "nodes[1].id",
    },
    {
      name: "an id longer than 64 characters",
      json: withNode({ id: "a".repeat(65) }),
      nodeId: "a".repeat(65),
      field: "nodes[1].id",
    },
    {
      name: "an unknown node type",
      json: withNode({ type: "loop" }),
      nodeId: "send_mail-1",
      field: "nodes[1].type",
    },
    {
      name: "a retry policy with zero attempts",
      json: withNode({ retry: { maxAttempts: 0 } }),
      nodeId: "send_mail-1",
      field: "nodes[1].retry.maxAttempts",
    },
    {
      name: "a fractional retry delay",
      json: withNode({ retry: { initialDelayMs: 1.5 } }),
      nodeId: "send_mail-1",
      field: "nodes[1].retry.initialDelayMs",
    },
    {
      name: "a timeout over 15 minutes",
      json: withNode({ timeoutMs: 15 * 60 * 1000 + 1 }),
      nodeId: "send_mail-1",
      field: "nodes[1].timeoutMs",
    },
    {
      name: "a non-object input",
      json: withNode({ input: "x" }),
      nodeId: "send_mail-1",
      field: "nodes[1].input",
    },
    {
      name: "a node without id",
      json: withNode({ id: undefined }),
      nodeId: null,
      field: "nodes[1].id",
    },
    {
      name: "an unknown condition operator",
      json: {
        ...valid,
        nodes: [
          ...valid.nodes.slice(0, 2),
          { id: "c", type: "condition", condition: { left: 1, operator: "between" } },
        ],
      },
      nodeId: "c",
      field: "nodes[2].condition.operator",
    },
    {
      name: "a condition without left side",
      json: {
        ...valid,
        nodes: [
          ...valid.nodes.slice(0, 2),
          { id: "c", type: "condition", condition: { operator: "truthy" } },
        ],
      },
      nodeId: "c",
      field: "nodes[2].condition.left",
    },
    {
      name: "an unknown edge kind",
      json: { ...valid, edges: [{ from: "t", to: "c", kind: "maybe" }] },
      nodeId: null,
      field: "edges[0].kind",
    },
    { name: "missing edges", json: { nodes: valid.nodes }, nodeId: null, field: "edges" },
  ])("refuses $name, pointing at the node and field", ({ json, nodeId, field }) => {
    const result = parseGraph(json);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems).toContainEqual({ nodeId, field, message: expect.any(String) });
  });

  it("lists every structural problem at once", () => {
    const result = parseGraph({
      nodes: [
        { id: "t", type: "trigger" },
        { id: "9", type: "action", timeoutMs: -1 },
      ],
      edges: [{ from: "t" }],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => p.field).sort()).toEqual([
        "edges[0].kind",
        "edges[0].to",
        "nodes[1].id",
        "nodes[1].timeoutMs",
      ]);
    }
  });

  it("refuses input that is not a graph at all", () => {
    expect(parseGraph("nope")).toEqual({
      ok: false,
      problems: [{ nodeId: null, field: "", message: expect.any(String) }],
    });
  });
});
