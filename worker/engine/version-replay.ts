// "Retry on the latest version": which nodes of an ended run keep their success when
// the run continues on a newer version of its automation, and why every other node of
// that version runs in the new generation; inside a for-each that runs again, which of
// its items and body steps keep theirs. Pure: two topologies and a state in, a plan out.
import { canonicalJson } from "./canonical-json";
import { bodyTopology } from "./for-each";
import type { Topology } from "./topology";
import type { GraphNode, RunState } from "./types";

/** Why a node of the new version runs again rather than keeping an earlier result. */
export type RerunReason =
  | "new" // the new version added it
  | "changed" // its action, connection, input, condition or approval settings changed
  | "not_succeeded" // it failed, was skipped, rejected or cancelled last time
  | "upstream_reruns"; // unchanged and succeeded, but a step it depends on runs again

/** Why a body step runs again in every item: an item's own failures are R12's. */
export type BodyRerunReason = Exclude<RerunReason, "not_succeeded">;

/** What a for-each that runs again does with the items it went through before. */
export interface ForEachReplay {
  /**
   * Why every item starts over with its list resolved again: the for-each is new to the
   * run, its list changed, or a step above it runs again (its body reads those steps).
   * null: the items keep what they can.
   */
  restart: "new" | "list_changed" | "upstream_reruns" | null;
  /**
   * Without a restart: the body steps that run again in every item (changed, new, or below
   * one that does), in body order. Items that did not succeed also run their failed steps
   * and what those blocked (R12); an item with nothing to run keeps its outcome.
   */
  rerunSteps: { stepId: string; reason: BodyRerunReason }[];
}

export interface VersionReplayPlan {
  /** Nodes that keep their output and are never executed again, in graph order. */
  kept: string[];
  /** Every other node of the new version (the trigger aside), in graph order. */
  rerun: { nodeId: string; reason: RerunReason }[];
  /** Nodes of the old version the new one does not have: their history stays, nothing runs. */
  removed: string[];
  /** For each for-each node in `rerun`: what becomes of its items. Absent when there is none. */
  forEach?: Record<string, ForEachReplay>;
}

/**
 * A node keeps its earlier success only if the new version has a node with the same id
 * doing the same work (what it calls and with what; not its name, retry policy or
 * timeout) and each of its parents in the new version kept theirs. The trigger always
 * keeps its payload. Inside a for-each the same holds per item and body step.
 */
export function planVersionReplay(
  before: Topology,
  state: RunState,
  after: Topology,
): VersionReplayPlan {
  const { kept, rerun, keeps } = keptAndRerun(
    before,
    after,
    (id) => state[id]?.state === "succeeded",
  );
  const removed = before.order.filter((id) => !after.nodesById.has(id));
  const forEach: Record<string, ForEachReplay> = {};
  for (const { nodeId } of rerun) {
    if (after.nodesById.get(nodeId)?.forEach) {
      forEach[nodeId] = planForEachReplay(before, after, nodeId, keeps);
    }
  }
  return Object.keys(forEach).length > 0
    ? { kept, rerun, removed, forEach }
    : { kept, rerun, removed };
}

function planForEachReplay(
  before: Topology,
  after: Topology,
  id: string,
  keeps: ReadonlySet<string>,
): ForEachReplay {
  const previous = before.nodesById.get(id)?.forEach;
  const next = after.nodesById.get(id)?.forEach;
  if (!previous || !next) return { restart: "new", rerunSteps: [] };
  if (previous.items !== next.items) return { restart: "list_changed", rerunSteps: [] };
  const parents = after.parents.get(id) ?? [];
  if (!parents.every((edge) => keeps.has(edge.from))) {
    return { restart: "upstream_reruns", rerunSteps: [] };
  }
  // As for an item in which every step succeeded: what runs again in every item.
  const body = keptAndRerun(bodyTopology(before, id), bodyTopology(after, id), () => true);
  return {
    restart: null,
    rerunSteps: body.rerun.map((r) => ({ stepId: r.nodeId, reason: r.reason as BodyRerunReason })),
  };
}

function keptAndRerun(
  before: Topology,
  after: Topology,
  succeeded: (id: string) => boolean,
): Pick<VersionReplayPlan, "kept" | "rerun"> & { keeps: Set<string> } {
  const kept: string[] = [];
  const keeps = new Set<string>([after.triggerId]);
  const rerun: VersionReplayPlan["rerun"] = [];
  for (const id of after.order) {
    if (id === after.triggerId) continue;
    const reason = rerunReason(id, before, after, succeeded, keeps);
    if (reason === null) {
      keeps.add(id);
      kept.push(id);
    } else {
      rerun.push({ nodeId: id, reason });
    }
  }
  return { kept, rerun, keeps };
}

function rerunReason(
  id: string,
  before: Topology,
  after: Topology,
  succeeded: (id: string) => boolean,
  keeps: ReadonlySet<string>,
): RerunReason | null {
  const previous = before.nodesById.get(id);
  if (!previous) return "new";
  if (workOf(previous) !== workOf(after.nodesById.get(id) as GraphNode)) return "changed";
  if (!succeeded(id)) return "not_succeeded";
  const parents = after.parents.get(id) ?? [];
  return parents.every((edge) => keeps.has(edge.from)) ? null : "upstream_reruns";
}

/** What a node does, as a comparable string (object keys sorted). */
function workOf(node: GraphNode): string {
  const { type, action, connection, input, condition, approval, forEach } = node;
  return canonicalJson({ type, action, connection, input, condition, approval, forEach });
}
