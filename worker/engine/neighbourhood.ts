// What a shell must read to decide the children of the nodes it just changed, so a
// completion reads its neighbourhood and never the whole run (decideReady's `changed`).
import { findReferences } from "./templates";
import { childIds, type Topology } from "./topology";

export interface Neighbourhood {
  /** Nodes whose state the decision reads: every parent of every child. */
  statusesOf: string[];
  /** Nodes whose output a condition among the children reads (R5, R6). */
  outputsOf: string[];
  /** Whether a condition among the children reads the trigger payload. */
  needsTrigger: boolean;
}

/**
 * The children of `changed` are the candidates; `known` are nodes whose status the
 * shell already holds (left out of `statusesOf`, kept in `outputsOf` only if their
 * output is not known either — the caller passes what it knows).
 */
export function neighbourhoodOf(
  topo: Topology,
  changed: readonly string[],
  known: ReadonlySet<string>,
): Neighbourhood {
  const statuses = new Set<string>();
  const outputs = new Set<string>();
  let needsTrigger = false;
  for (const child of new Set(changed.flatMap((id) => childIds(topo, id)))) {
    for (const edge of topo.parents.get(child) ?? []) {
      if (!known.has(edge.from)) statuses.add(edge.from);
    }
    const condition = topo.nodesById.get(child)?.condition;
    if (!condition) continue;
    for (const ref of findReferences([condition.left, condition.right])) {
      if (ref.source === "trigger") needsTrigger = true;
      else if (ref.source === "step" && !known.has(ref.nodeId)) outputs.add(ref.nodeId);
    }
  }
  return {
    statusesOf: [...new Set([...statuses, ...outputs])],
    outputsOf: [...outputs],
    needsTrigger,
  };
}
