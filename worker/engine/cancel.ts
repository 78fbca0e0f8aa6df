// Cancelling a run (R13): everything not yet terminal becomes cancelled; the shell aborts
// running attempts and enqueues nothing more.
import { isTerminal } from "./outcome";
import type { RunState } from "./types";

export function planCancel(state: RunState): string[] {
  return Object.entries(state)
    .filter(([, status]) => !isTerminal(status.state))
    .map(([id]) => id);
}
