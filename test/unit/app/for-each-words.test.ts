import { describe, expect, it } from "vitest";
import {
  itemCountWords,
  itemOutcomeWords,
  previewValue,
  testedItemWords,
  type ItemCounts,
} from "../../../app/_server/ui/for-each-words";
import { itemsQuery } from "../../../app/runs/[runId]/items-href";

const counts = (c: Partial<ItemCounts>): ItemCounts => {
  const all = { pending: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0, ...c };
  const total = all.pending + all.running + all.succeeded + all.failed + all.cancelled;
  return { ...all, total };
};

describe("a for-each's items in one line", () => {
  it.each([
    [{ succeeded: 4963, failed: 37 }, "failed", "37 of 5,000 items failed"],
    [{ succeeded: 12 }, "succeeded", "All 12 items succeeded"],
    [{ succeeded: 1 }, "succeeded", "The 1 item succeeded"],
    [{ failed: 1 }, "failed", "1 of 1 item failed"],
    [{ succeeded: 2, failed: 1, cancelled: 7 }, "cancelled", "1 of 10 items failed, 7 cancelled"],
    [{ succeeded: 3, cancelled: 7 }, "cancelled", "7 of 10 items cancelled"],
    [
      { succeeded: 37, failed: 3, running: 10, pending: 4950 },
      "running",
      "40 of 5,000 items done (3 failed), 10 running",
    ],
    [{ running: 2, pending: 1 }, "running", "0 of 3 items done, 2 running"],
    [{}, "succeeded", "The list was empty: no items to go through"],
    [{}, "failed", "No items ran"],
    [{}, "pending", "No items started yet"],
  ] as const)("%o while the node is %s: %s", (c, state, words) => {
    expect(itemCountWords(counts(c), state)).toBe(words);
  });
});

describe("an item's value in a line", () => {
  it("is its JSON, cut with an ellipsis at the limit", () => {
    expect(previewValue({ id: "A-1", total: 12 })).toBe('{"id":"A-1","total":12}');
    expect(previewValue("plain")).toBe('"plain"');
    expect(previewValue(null)).toBe("null");
    const long = previewValue({ note: "x".repeat(200) }, 20);
    expect(long).toHaveLength(20);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe("the run page's address for a page of items", () => {
  it("names the for-each, the filter and pages after the first", () => {
    expect(itemsQuery({ items: "each", state: "failed", page: 2 })).toBe(
      "?items=each&state=failed&page=2",
    );
    expect(itemsQuery({ items: "each", state: null, page: 1 })).toBe("?items=each");
    expect(itemsQuery({})).toBe("");
  });
});

describe("an item's outcome after a retry", () => {
  it.each([
    [{ state: "succeeded", generation: 1 }, 1, "succeeded"],
    [{ state: "succeeded", generation: 1 }, 2, "succeeded (kept from generation 1)"],
    [{ state: "succeeded", generation: 2 }, 2, "succeeded (ran in generation 2)"],
    [{ state: "failed", generation: 3 }, 3, "failed (ran in generation 3)"],
    [{ state: "pending", generation: 1 }, 2, "pending"],
  ])("%o in a run at generation %i reads %s", (item, runGeneration, words) => {
    expect(itemOutcomeWords(item.state, item, runGeneration)).toBe(words);
  });
});

describe("which item a step was tested with", () => {
  it.each([
    [
      { index: 3, state: "failed", value: { id: "o3" } },
      'Tested with item 4 of Each order from that run, the first that failed there: {"id":"o3"}',
    ],
    [
      { index: 0, state: "succeeded", value: "a" },
      'Tested with item 1 of Each order from that run, its first (no item failed there): "a"',
    ],
    [null, "That run has no items here, so the step was tested with an empty item."],
  ])("%o", (item, words) => {
    expect(testedItemWords(item, "Each order")).toBe(words);
  });
});
