// Property-style: deciding only the neighbourhood of what changed must give exactly
// what deciding the whole graph gives, at every step of randomly played runs.
import { describe, expect, it } from "vitest";
import { applyDecisions, decideReady, type Decision } from "../../../worker/engine/decide";
import { runOutcome } from "../../../worker/engine/outcome";
import { buildTopology } from "../../../worker/engine/topology";
import type { Graph, GraphNode, RunState } from "../../../worker/engine/types";
import { runState, seededRandom } from "./helpers";

function randomDag(random: () => number): Graph {
  const size = 2 + Math.floor(random() * 40);
  const nodes: GraphNode[] = [{ id: "n0", type: "trigger" }];
  const edges: Graph["edges"] = [];
  for (let i = 1; i < size; i++) {
    const id = `n${i}`;
    const parents = new Set<number>();
    const parentCount = 1 + Math.floor(random() * 3);
    for (let p = 0; p < parentCount; p++) parents.add(Math.floor(random() * i));
    for (const p of parents) {
      edges.push({ from: `n${p}`, to: id, kind: random() < 0.7 ? "dependent" : "independent" });
    }
    const roll = random();
    if (roll < 0.6) nodes.push({ id, type: "action" });
    else if (roll < 0.75) nodes.push({ id, type: "approval" });
    else {
      const source = random() < 0.5 ? "trigger" : `steps.n${[...parents][0]!}`;
      nodes.push({
        id,
        type: "condition",
        condition: { left: `{{ ${source}.ok }}`, operator: "truthy" },
      });
    }
  }
  return { nodes, edges };
}

const byNode = (decisions: Decision[]) =>
  [...decisions].sort((a, b) => (a.nodeId < b.nodeId ? -1 : 1));

/** Plays one random run, checking both modes agree at every step; returns what was decided. */
function playAndCompare(seed: number): Decision[] {
  const random = seededRandom(seed);
  const g = randomDag(random);
  const topo = buildTopology(g);
  const trigger = { ok: random() < 0.5 };
  let state: RunState = runState(g, { n0: { state: "succeeded", output: trigger } });
  let changed = "n0";
  const seen: Decision[] = [];
  for (;;) {
    const partial = decideReady(topo, state, { trigger }, [changed]);
    const full = decideReady(topo, state, { trigger });
    expect(byNode(partial), `seed ${seed}`).toEqual(byNode(full));
    expect(new Set(partial.map((d) => d.nodeId)).size, `seed ${seed}`).toBe(partial.length);
    seen.push(...partial);
    state = applyDecisions(state, partial);

    const active = Object.keys(state).filter((id) =>
      ["queued", "waiting_approval"].includes(state[id]!.state),
    );
    if (active.length === 0) break;
    changed = active[Math.floor(random() * active.length)]!;
    const succeeds = random() < 0.7;
    const gate = state[changed]!.state === "waiting_approval";
    state = {
      ...state,
      [changed]: succeeds
        ? { state: "succeeded", output: { ok: random() < 0.5 } }
        : { state: gate ? "rejected" : "failed" },
    };
  }
  // Never stuck: once nothing is active, every node has ended.
  expect(runOutcome(g, state), `seed ${seed}`).not.toBeNull();
  return seen;
}

describe("decideReady: neighbourhood mode", () => {
  it("R1/R2: `changed` gives the same decisions as a full pass on 300 random DAGs", () => {
    const kinds = new Set<string>();
    for (let seed = 1; seed <= 300; seed++) {
      for (const decision of playAndCompare(seed)) {
        kinds.add(decision.kind === "skip" ? `skip:${decision.reason}` : decision.kind);
      }
    }
    // The random runs exercise every kind of decision, so the comparison is not vacuous.
    expect([...kinds].sort()).toEqual([
      "run",
      "skip:condition_false",
      "skip:dependency_not_succeeded",
      "succeed",
      "wait_approval",
    ]);
  });
});
