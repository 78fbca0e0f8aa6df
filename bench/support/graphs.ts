import type { Graph, GraphNode } from "../../worker/engine/types";

/** A no-op step: orchestration cost only. */
export function passNode(id: string): GraphNode {
  return { id, type: "action", action: "util.pass_data", input: { data: id } };
}

export function chain(length: number): Graph {
  const nodes = Array.from({ length }, (_, i) => passNode(`s${i}`));
  return {
    nodes: [{ id: "trigger", type: "trigger" }, ...nodes],
    edges: nodes.map((n, i) => ({
      from: i === 0 ? "trigger" : `s${i - 1}`,
      to: n.id,
      kind: "dependent",
    })),
  };
}

export function fanOutOf(width: number): Graph {
  const nodes = Array.from({ length: width }, (_, i) => passNode(`s${i}`));
  return {
    nodes: [{ id: "trigger", type: "trigger" }, ...nodes],
    edges: nodes.map((n) => ({ from: "trigger", to: n.id, kind: "dependent" })),
  };
}

/** A random DAG: each node gets 1–3 parents among earlier nodes (seeded, so repeatable). */
export function randomDag(size: number, seed = 42): Graph {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const nodes = Array.from({ length: size }, (_, i) => passNode(`s${i}`));
  const edges: Graph["edges"] = [];
  nodes.forEach((node, i) => {
    if (i === 0) return void edges.push({ from: "trigger", to: node.id, kind: "dependent" });
    const parents = new Set<number>();
    const count = 1 + Math.floor(random() * 3);
    for (let k = 0; k < count; k++) parents.add(Math.floor(random() * i));
    for (const p of parents)
      edges.push({
        from: `s${p}`,
        to: node.id,
        kind: random() < 0.3 ? "independent" : "dependent",
      });
  });
  return { nodes: [{ id: "trigger", type: "trigger" }, ...nodes], edges };
}
