import type { NodeState } from "../../../worker/engine/types";

interface Row {
  state: NodeState;
  reason: string | null;
  blockedBy: string[];
  rootCause: string[];
  /** A named worker group none of whose workers is alive (worker/groups/live-groups.ts). */
  waitingForGroup?: string | null;
}

const CAUSE_VERB: Partial<Record<NodeState, string>> = {
  failed: "failed",
  rejected: "was rejected",
  cancelled: "was cancelled",
  skipped: "did not hold",
};

/** Why a node ended the way it did, in a sentence ("skipped because Post to Slack failed"). */
export function explainNode(
  row: Row,
  label: (id: string) => string,
  stateOf: (id: string) => Row | undefined,
): string | null {
  if (row.state === "skipped" && row.reason === "condition_false") {
    return "Skipped: its condition did not hold (an intended skip, not a failure).";
  }
  if (row.state === "skipped") {
    const causes = row.rootCause.map((id) => {
      const cause = stateOf(id);
      return `${label(id)} ${(cause && CAUSE_VERB[cause.state]) ?? "did not succeed"}`;
    });
    const via = row.blockedBy.filter((id) => !row.rootCause.includes(id)).map(label);
    return `Skipped because ${joinWords(causes)}${via.length ? ` (via ${joinWords(via)})` : ""}.`;
  }
  if (row.waitingForGroup) {
    return `Waiting for a worker in ${row.waitingForGroup}: no worker of that group is running; the step starts as soon as one is.`;
  }
  if (row.state === "waiting_connection") return "Waiting for its connection to be repaired.";
  if (row.state === "waiting_rate_limit") {
    return "Waiting for rate limit: its connection is at the limits set for it; it goes on as soon as there is room.";
  }
  if (row.state === "waiting_approval") return "Waiting for an approval decision.";
  if (row.state === "cancelled") return "Cancelled before it ended.";
  return null;
}

function joinWords(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
