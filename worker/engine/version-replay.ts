// "Retry on the latest version": which nodes of an ended run keep their success when
// the run continues on a newer version of its automation, and why every other node of
// that version runs in the new generation. Pure: two topologies and a state in, a plan out.
import type { Topology } from "./topology";
import type { GraphNode, RunState } from "./types";

/** Why a node of the new version runs again rather than keeping an earlier result. */
export type RerunReason =
  | "new" // the new version added it
  | "changed" // its action, connection, input, condition or approval settings changed
  | "not_succeeded" // it failed, was skipped, rejected or cancelled last time
  | "upstream_reruns"; // unchanged and succeeded, but a step it depends on runs again

export interface VersionReplayPlan {
  /** Nodes that keep their output and are never executed again, in graph order. */
  kept: string[];
  /** Every other node of the new version (the trigger aside), in graph order. */
  rerun: { nodeId: string; reason: RerunReason }[];
  /** Nodes of the old version the new one does not have: their history stays, nothing runs. */
  removed: string[];
}

/**
 * A node keeps its earlier success only if the new version has a node with the same id
 * doing the same work (what it calls and with what; not its name, retry policy or
 * timeout) and each of its parents in the new version kept theirs. The trigger always
 * keeps its payload.
 */
export function planVersionReplay(
  before: Topology,
  state: RunState,
  after: Topology,
): VersionReplayPlan {
  const kept: string[] = [];
  const keeps = new Set<string>([after.triggerId]);
  const rerun: VersionReplayPlan["rerun"] = [];
  for (const id of after.order) {
    if (id === after.triggerId) continue;
    const reason = rerunReason(id, before, state, after, keeps);
    if (reason === null) {
      keeps.add(id);
      kept.push(id);
    } else {
      rerun.push({ nodeId: id, reason });
    }
  }
  const removed = before.order.filter((id) => !after.nodesById.has(id));
  return { kept, rerun, removed };
}

function rerunReason(
  id: string,
  before: Topology,
  state: RunState,
  after: Topology,
  keeps: ReadonlySet<string>,
): RerunReason | null {
  const previous = before.nodesById.get(id);
  if (!previous) return "new";
  if (workOf(previous) !== workOf(after.nodesById.get(id) as GraphNode)) return "changed";
  if (state[id]?.state !== "succeeded") return "not_succeeded";
  const parents = after.parents.get(id) ?? [];
  return parents.every((edge) => keeps.has(edge.from)) ? null : "upstream_reruns";
}

/** What a node does, as a comparable string (object keys sorted). */
function workOf(node: GraphNode): string {
  const { type, action, connection, input, condition, approval, forEach } = node;
  return canonicalJson({ type, action, connection, input, condition, approval, forEach });
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}
