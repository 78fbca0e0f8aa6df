// Compact graph and run builders for the engine tests.
import { applyDecisions, decideReady, type Decision } from "../../../worker/engine/decide";
import { isTerminal } from "../../../worker/engine/outcome";
import { buildTopology, type Topology } from "../../../worker/engine/topology";
import type {
  Graph,
  GraphEdge,
  GraphNode,
  NodeType,
  RunState,
  TerminalState,
} from "../../../worker/engine/types";

type NodeSpec = NodeType | (Partial<GraphNode> & { type: NodeType });

/** Edges as "a -> b" (dependent) or "a ~> b" (independent). */
export function graph(nodes: Record<string, NodeSpec>, edges: string[] = []): Graph {
  return {
    nodes: Object.entries(nodes).map(([id, spec]) =>
      typeof spec === "string" ? { id, type: spec } : { id, ...spec },
    ),
    edges: edges.map(edge),
  };
}

export function edge(text: string): GraphEdge {
  const match = /^\s*(\S+)\s*(->|~>)\s*(\S+)\s*$/.exec(text);
  if (!match) throw new Error(`bad edge "${text}"`);
  return {
    from: match[1]!,
    to: match[3]!,
    kind: match[2] === "->" ? "dependent" : "independent",
  };
}

/** Every node pending except those given; a terminal trigger gets the payload as output. */
export function runState(
  g: Graph,
  states: Record<string, RunState[string]["state"] | RunState[string]> = {},
  payload: unknown = {},
): RunState {
  const state: RunState = {};
  for (const node of g.nodes) {
    const given = states[node.id];
    if (typeof given === "object") state[node.id] = given;
    else if (given) state[node.id] = { state: given };
    else if (node.type === "trigger") state[node.id] = { state: "succeeded", output: payload };
    else state[node.id] = { state: "pending" };
  }
  return state;
}

export interface Outcome {
  state: Extract<TerminalState, "succeeded" | "failed" | "rejected">;
  output?: unknown;
}

/**
 * Plays a run to the end the way the shell would: decide every ready node (from the
 * start, or from `from`, e.g. a replayed state), then complete one started node at a
 * time (actions and approvals end as `outcomes` says, default succeeded) and decide its
 * neighbourhood. Returns the final state and every decision.
 */
export function playRun(
  g: Graph,
  outcomes: Record<string, Outcome["state"] | Outcome> = {},
  payload: unknown = {},
  from: RunState = runState(g, {}, payload),
): { state: RunState; decisions: Decision[]; topo: Topology } {
  const topo = buildTopology(g);
  let state = from;
  const all: Decision[] = [];
  let decisions = decideReady(topo, state, { trigger: payload });
  for (;;) {
    all.push(...decisions);
    state = applyDecisions(state, decisions);
    const started = topo.order.find((id) => {
      const current = state[id]!.state;
      return current === "queued" || current === "waiting_approval";
    });
    if (!started) break;
    const given = outcomes[started] ?? "succeeded";
    const outcome = typeof given === "string" ? { state: given } : given;
    state = { ...state, [started]: { state: outcome.state, output: outcome.output } };
    decisions = decideReady(topo, state, { trigger: payload }, [started]);
  }
  if (!Object.values(state).every((status) => isTerminal(status.state))) {
    throw new Error("run got stuck");
  }
  return { state, decisions: all, topo };
}

/** Seeded PRNG (mulberry32) so property-style tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
