// "Retry failed" (R12): which nodes the next generation of an ended run starts over.
import type { Topology } from "./topology";
import type { RunState } from "./types";

export interface ReplayOptions {
  /** Ask rejected gates for a decision again (their blocked dependents follow). */
  requestApprovalAgain?: boolean;
}

/**
 * Failed and cancelled nodes, for-each nodes some of whose items failed (only those items
 * run again: the shell keeps the others), rejected gates when asked, and every node skipped because
 * of one of those (root cause among them), in topological order. Succeeded nodes keep
 * their outputs; condition-false skips and skips caused only by what stays are kept.
 * A skipped node that had several root causes is reset if any of them is; deciding it
 * again skips it once more, now citing only what still blocks it.
 */
export function planReplay(
  topo: Topology,
  state: RunState,
  options: ReplayOptions = {},
): { reset: string[] } {
  const restarted = new Set(
    topo.order.filter((id) => {
      const current = state[id]?.state;
      return (
        current === "failed" ||
        current === "partially_succeeded" ||
        current === "cancelled" ||
        (current === "rejected" && options.requestApprovalAgain === true)
      );
    }),
  );
  const reset = topo.order.filter((id) => {
    const status = state[id];
    if (restarted.has(id)) return true;
    return (
      status?.state === "skipped" &&
      status.reason === "dependency_not_succeeded" &&
      (status.rootCause ?? []).some((root) => restarted.has(root))
    );
  });
  return { reset };
}

/** New state with the reset nodes pending and their previous outcome cleared. */
export function applyReplay(state: RunState, reset: readonly string[]): RunState {
  const next: RunState = { ...state };
  for (const id of reset) next[id] = { state: "pending" };
  return next;
}
