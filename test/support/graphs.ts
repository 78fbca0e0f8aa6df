import type { EdgeKind, Graph, GraphNode } from "../../worker/engine/types";

/** Small builders so integration tests read like the graphs they run. */
export function httpNode(id: string, url: string, extra: Partial<GraphNode> = {}): GraphNode {
  return {
    id,
    type: "action",
    action: "http.request",
    input: { method: "POST", url, body: { node: id } },
    retry: { initialDelayMs: 100 },
    ...extra,
  };
}

export function graph(nodes: GraphNode[], edges: [string, string, EdgeKind?][]): Graph {
  return {
    nodes: [{ id: "trigger", type: "trigger" }, ...nodes],
    edges: edges.map(([from, to, kind]) => ({ from, to, kind: kind ?? "dependent" })),
  };
}
