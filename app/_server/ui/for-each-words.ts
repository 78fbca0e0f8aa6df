// How the run page speaks about a for-each's items (R15): counts in a sentence and a
// short look at each item's value. Pure, so the words are tested without a database.
import type { NodeState } from "../../../worker/engine/types";
import type { ItemState } from "../runs/list-for-each-items";

export type ItemCounts = Record<ItemState | "total", number>;

const number = (n: number) => n.toLocaleString("en-US");
const items = (n: number) => `${number(n)} ${n === 1 ? "item" : "items"}`;

/**
 * "37 of 5,000 items failed", "All 12 items succeeded", "40 of 5,000 items done (3
 * failed), 10 running": the for-each's items in one line, for its card on the run page.
 */
export function itemCountWords(counts: ItemCounts, nodeState: NodeState | string): string {
  const { total, pending, running, succeeded, failed, cancelled } = counts;
  if (total === 0) {
    if (nodeState === "succeeded") return "The list was empty: no items to go through";
    if (nodeState === "failed" || nodeState === "skipped" || nodeState === "cancelled") {
      return "No items ran";
    }
    return "No items started yet";
  }
  const open = pending + running;
  if (open > 0) {
    const done = total - open;
    const ended = [
      failed && `${number(failed)} failed`,
      cancelled && `${number(cancelled)} cancelled`,
    ]
      .filter(Boolean)
      .join(", ");
    return `${number(done)} of ${items(total)} done${ended ? ` (${ended})` : ""}, ${number(running)} running`;
  }
  if (succeeded === total) {
    return total === 1 ? "The 1 item succeeded" : `All ${items(total)} succeeded`;
  }
  const parts = [
    failed && `${number(failed)} of ${items(total)} failed`,
    cancelled &&
      (failed
        ? `${number(cancelled)} cancelled`
        : `${number(cancelled)} of ${items(total)} cancelled`),
  ].filter(Boolean);
  return parts.join(", ");
}

/** An item's value in a line: JSON, cut at `max` characters with an ellipsis. */
export function previewValue(value: unknown, max = 80): string {
  const text = JSON.stringify(value) ?? "null";
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * An item's outcome in words; once the run has been retried, whether the item kept the
 * outcome of an earlier generation or ran in this one: "succeeded (kept from generation 1)",
 * "succeeded (ran in generation 2)".
 */
export function itemOutcomeWords(
  stateWords: string,
  item: { state: string; generation: number },
  runGeneration: number,
): string {
  if (runGeneration < 2 || item.state === "pending") return stateWords;
  return item.generation < runGeneration
    ? `${stateWords} (kept from generation ${item.generation})`
    : `${stateWords} (ran in generation ${item.generation})`;
}

/**
 * Which item of a run a step inside a for-each was tested with: "Tested with item 4 of
 * Each order from that run, the first that failed there: {"id":"o3"}".
 */
export function testedItemWords(
  item: { index: number; state: string; value: unknown } | null,
  forEachName: string,
): string {
  if (item === null)
    return "That run has no items here, so the step was tested with an empty item.";
  const which =
    item.state === "failed" ? "the first that failed there" : "its first (no item failed there)";
  return `Tested with item ${item.index + 1} of ${forEachName} from that run, ${which}: ${previewValue(item.value)}`;
}
