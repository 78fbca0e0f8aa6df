// What happens next in a run: given the current node states, decide every node that has
// just become ready (R1), including whole cascades of skips, in one pure call.
import { evaluateCondition } from "./conditions";
import { satisfiesDependentEdge } from "./for-each";
import { isTerminal } from "./outcome";
import { findReferences } from "./templates";
import { childIds, type Topology } from "./topology";
import type { GraphEdge, GraphNode, NodeStatus, RunState, SkipReason } from "./types";

export type Decision =
  | { nodeId: string; kind: "run" }
  | {
      nodeId: string;
      kind: "skip";
      reason: SkipReason;
      blockedBy: string[];
      rootCause: string[];
    }
  | { nodeId: string; kind: "succeed"; output: unknown }
  | { nodeId: string; kind: "wait_approval" }
  /** A for-each node: its items start (the shell resolves the list). */
  | { nodeId: string; kind: "start_items" };

const PENDING: NodeStatus = { state: "pending" };

/**
 * Decides the pending nodes whose parents are all terminal. Decisions that end a node
 * (skip, succeed) can make its children ready; those are decided in the same call, so
 * the result is the whole cascade, in causal order, each node at most once.
 *
 * With `changed` (the nodes whose state the shell just changed) only their children,
 * and children of nodes decided along the way, are looked at: the work is proportional
 * to the neighbourhood, not the graph. Without it every pending node is looked at
 * (run start, after a replay). The trigger is never decided here: the shell marks it
 * succeeded with the payload as output. A node missing from `state` counts as pending.
 * Inside a for-each item (a body topology, for-each.ts) `data.item` is the item.
 */
export function decideReady(
  topo: Topology,
  state: RunState,
  data: { trigger: unknown; item?: unknown },
  changed?: readonly string[],
): Decision[] {
  const decidedNow = new Map<string, NodeStatus>();
  const statusOf = (id: string) => decidedNow.get(id) ?? state[id] ?? PENDING;
  const decisions: Decision[] = [];
  const queue = changed ? changed.flatMap((id) => childIds(topo, id)) : [...topo.order];

  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    const node = topo.nodesById.get(id);
    if (!node || node.type === "trigger" || statusOf(id).state !== "pending") continue;
    const incoming = topo.parents.get(id) ?? [];
    if (!incoming.every((edge) => isTerminal(statusOf(edge.from).state))) continue;

    const decision = decideNode(topo, node, incoming, statusOf, data);
    decisions.push(decision);
    const next = statusAfter(decision);
    decidedNow.set(id, next);
    if (isTerminal(next.state)) queue.push(...childIds(topo, id));
  }
  return decisions;
}

function decideNode(
  topo: Topology,
  node: GraphNode,
  incoming: readonly GraphEdge[],
  statusOf: (id: string) => NodeStatus,
  data: { trigger: unknown; item?: unknown },
): Decision {
  // R2: a dependent parent that did not succeed blocks the node.
  const blockedBy = incoming
    .filter(
      (edge) =>
        edge.kind === "dependent" &&
        !satisfiesDependentEdge(topo.nodesById.get(edge.from), statusOf(edge.from)),
    )
    .map((edge) => edge.from);
  if (blockedBy.length > 0) {
    return {
      nodeId: node.id,
      kind: "skip",
      reason: "dependency_not_succeeded",
      blockedBy: sortedUnique(blockedBy),
      rootCause: sortedUnique(blockedBy.flatMap((id) => rootCauseThrough(id, statusOf(id)))),
    };
  }
  // R3: independent parents may have ended any way; the node is decided by its type.
  switch (node.type) {
    case "approval":
      return { nodeId: node.id, kind: "wait_approval" };
    case "condition":
      return decideCondition(node, statusOf, data);
    case "foreach":
      return { nodeId: node.id, kind: "start_items" };
    default:
      return { nodeId: node.id, kind: "run" };
  }
}

/** A parent skipped for lack of a dependency passes its root cause on; any other is one. */
function rootCauseThrough(parentId: string, parent: NodeStatus): string[] {
  if (parent.state === "skipped" && parent.reason === "dependency_not_succeeded") {
    return parent.rootCause ?? [parentId];
  }
  return [parentId];
}

/** R5: true succeeds, false is an intended skip. */
function decideCondition(
  node: GraphNode,
  statusOf: (id: string) => NodeStatus,
  data: { trigger: unknown; item?: unknown },
): Decision {
  if (!node.condition) throw new Error(`condition node "${node.id}" has no condition`);
  // Only the outputs the condition reads, so the cost does not grow with the run (R6:
  // a step that did not succeed is absent and reads as null).
  const steps: Record<string, unknown> = {};
  for (const ref of findReferences([node.condition.left, node.condition.right])) {
    if (ref.source !== "step") continue;
    const status = statusOf(ref.nodeId);
    if (status.state === "succeeded") steps[ref.nodeId] = status.output;
  }
  if (evaluateCondition(node.condition, { trigger: data.trigger, item: data.item, steps })) {
    return { nodeId: node.id, kind: "succeed", output: { result: true } };
  }
  return { nodeId: node.id, kind: "skip", reason: "condition_false", blockedBy: [], rootCause: [] };
}

function statusAfter(decision: Decision): NodeStatus {
  switch (decision.kind) {
    case "run":
    case "start_items":
      return { state: "queued" };
    case "wait_approval":
      return { state: "waiting_approval" };
    case "succeed":
      return { state: "succeeded", output: decision.output };
    case "skip":
      return {
        state: "skipped",
        reason: decision.reason,
        blockedBy: decision.blockedBy,
        rootCause: decision.rootCause,
      };
  }
}

/** The state after the decisions, as a new object (the input is not modified). */
export function applyDecisions(state: RunState, decisions: readonly Decision[]): RunState {
  const next: RunState = { ...state };
  for (const decision of decisions) next[decision.nodeId] = statusAfter(decision);
  return next;
}

function sortedUnique(ids: string[]): string[] {
  return [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
