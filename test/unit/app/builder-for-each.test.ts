import { describe, expect, it } from "vitest";
import { newNode, withNode, withoutNode } from "../../../app/automations/_builder/graph-edits";
import { nodeRelative } from "../../../app/automations/_builder/problems";
import { referencesFor, sampleItem } from "../../../app/automations/_builder/references";
import type { CatalogAction } from "../../../app/_server/ui/types";
import type { Graph, GraphNode } from "../../../worker/engine/types";

// The builder's for-each: what a body step's reference picker offers, which lists the
// for-each's own picker offers, new ids across bodies, and parse problems moved to the
// body step they are about.
const http = (id: string, name?: string): GraphNode => ({
  id,
  type: "action",
  action: "http.request",
  name,
  input: { url: "https://example.test" },
});

const graph: Graph = {
  nodes: [
    { id: "trigger", type: "trigger" },
    http("lookup", "Look up customer"),
    http("side", "Side branch"),
    {
      id: "each",
      type: "foreach",
      name: "Each order",
      forEach: {
        items: "{{ trigger.orders }}",
        body: {
          nodes: [http("charge", "Charge card"), http("receipt", "Send receipt"), http("audit")],
          edges: [
            { from: "charge", to: "receipt", kind: "dependent" },
            { from: "charge", to: "audit", kind: "independent" },
          ],
        },
      },
    },
    http("after", "Summary"),
  ],
  edges: [
    { from: "trigger", to: "lookup", kind: "dependent" },
    { from: "trigger", to: "side", kind: "dependent" },
    { from: "lookup", to: "each", kind: "dependent" },
    { from: "each", to: "after", kind: "dependent" },
  ],
};

const sample = {
  orders: [{ id: "A-1", customer: { email: "a@example.test" }, lines: [] }],
  note: "x",
};
const noActions = (): CatalogAction | undefined => undefined;
const templates = (nodeId: string, tested: Record<string, unknown> = {}) =>
  referencesFor(graph, nodeId, sample, noActions, tested).map((r) => r.template);

describe("references inside a for-each", () => {
  it("offer the item's fields from the sample's first item, the for-each's ancestors and earlier steps of the item", () => {
    const offered = templates("receipt");
    expect(offered).toEqual(
      expect.arrayContaining([
        "{{ trigger.orders }}",
        "{{ item }}",
        "{{ item.id }}",
        "{{ item.customer.email }}",
        "{{ steps.lookup }}",
        "{{ steps.charge }}",
      ]),
    );
    // Not the for-each itself (its output exists only once every item is done), nor a
    // sibling branch, a later step of the item, or a step after the for-each.
    for (const absent of [
      "{{ steps.each }}",
      "{{ steps.side }}",
      "{{ steps.audit }}",
      "{{ steps.after }}",
    ]) {
      expect(offered).not.toContain(absent);
    }
  });

  it("mark a step reached through an independent edge inside the body as possibly null", () => {
    const mayBeNull = (nodeId: string, template: string) =>
      referencesFor(graph, nodeId, sample, noActions).find((r) => r.template === template)
        ?.mayBeNull;
    expect(mayBeNull("audit", "{{ steps.charge }}")).toBe(true);
    expect(mayBeNull("receipt", "{{ steps.charge }}")).toBe(false);
    expect(mayBeNull("receipt", "{{ steps.lookup }}")).toBe(false);
  });

  it("offer no item to a step outside a for-each; a step after it reads its totals", () => {
    const offered = templates("after");
    expect(offered).not.toContain("{{ item }}");
    expect(offered).toEqual(
      expect.arrayContaining(["{{ steps.each.failedCount }}", "{{ steps.each.succeededItems }}"]),
    );
  });

  it("mark which references hold a list, from the sample and from tests", () => {
    const refs = referencesFor(graph, "each", sample, noActions, { lookup: { rows: [1, 2] } });
    expect(refs.filter((r) => r.list).map((r) => r.template)).toEqual([
      "{{ trigger.orders }}",
      "{{ steps.lookup.rows }}",
    ]);
  });

  it("take the item to test with from the first element of the list", () => {
    expect(sampleItem(graph, "each", sample, {})).toEqual(sample.orders[0]);
    expect(sampleItem(graph, "each", { orders: "not a list" }, {})).toBeUndefined();
  });
});

describe("editing a for-each's body", () => {
  it("gives new steps ids unused anywhere in the graph, bodies included", () => {
    const ids = new Set([
      "trigger",
      "lookup",
      "side",
      "each",
      "charge",
      "receipt",
      "audit",
      "after",
    ]);
    const made = newNode(graph, "action");
    expect(ids.has(made.id)).toBe(false);
    expect(newNode(graph, "foreach")).toMatchObject({
      type: "foreach",
      forEach: { items: "", body: { nodes: [], edges: [] } },
    });
  });

  it("adds a step below another, or on its own, and removes a step with its edges", () => {
    const body = { nodes: [http("a")], edges: [] };
    const joined = withNode(body, http("b"), "a", "independent");
    expect(joined.edges).toEqual([{ from: "a", to: "b", kind: "independent" }]);
    expect(withNode(body, http("b"), "", "dependent").edges).toEqual([]);
    expect(withoutNode(joined, "a")).toEqual({ nodes: [http("b")], edges: [] });
  });

  it("moves a parse problem inside the body to the body step's own field", () => {
    const found = nodeRelative(
      {
        problems: [
          { nodeId: "each", field: "nodes[3].forEach.body.nodes[1].timeoutMs", message: "bad" },
          { nodeId: "each", field: "nodes[3].forEach.concurrency", message: "too many" },
          { nodeId: null, field: "nodes", message: "graph-wide" },
        ],
        warnings: [],
      },
      graph,
    );
    expect(found.problems).toEqual([
      { nodeId: "receipt", field: "timeoutMs", message: "bad" },
      { nodeId: "each", field: "forEach.concurrency", message: "too many" },
      { nodeId: null, field: "nodes", message: "graph-wide" },
    ]);
  });
});
