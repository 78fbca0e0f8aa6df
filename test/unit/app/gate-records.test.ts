import { describe, expect, it } from "vitest";
import { waitInWords } from "../../../app/_components/wait-in-words";
import { gateRecords } from "../../../app/_server/automations/gate-records";
import type { GateStats } from "../../../worker/approvals/gate-stats";
import type { GraphNode } from "../../../worker/engine/types";

const stats = (nodeId: string, counts: Partial<GateStats> = {}): GateStats => ({
  nodeId,
  approved: 0,
  rejected: 0,
  expired: 0,
  pending: 0,
  medianWaitMs: null,
  ...counts,
});

const nodes: GraphNode[] = [
  { id: "trigger", type: "trigger" },
  { id: "first", type: "approval", name: "Manager sign-off" },
  { id: "second", type: "approval" },
];

describe("gate records", () => {
  it("follow the latest version's node order, with names; removed gates come last", () => {
    const records = gateRecords(nodes, [stats("old"), stats("second"), stats("first")]);
    expect(records.map((r) => [r.nodeId, r.name, r.inLatestVersion])).toEqual([
      ["first", "Manager sign-off", true],
      ["second", null, true],
      ["old", null, false],
    ]);
  });

  it("hint at retiring a gate approved every time over at least 10 decisions", () => {
    const hint = (counts: Partial<GateStats>, nodeId = "first") =>
      gateRecords(nodes, [stats(nodeId, counts)])[0]!.retireHint;
    expect(hint({ approved: 10 })).toBe(true);
    expect(hint({ approved: 10, pending: 3 })).toBe(true);
    expect(hint({ approved: 9, pending: 1 })).toBe(false);
    expect(hint({ approved: 30, rejected: 1 })).toBe(false);
    expect(hint({ approved: 30, expired: 1 })).toBe(false);
    // A gate a later version removed has nothing left to retire.
    expect(hint({ approved: 30 }, "old")).toBe(false);
  });
});

describe("waits in words", () => {
  it("rounds to the unit people use", () => {
    expect(waitInWords(400)).toBe("1 s");
    expect(waitInWords(42_000)).toBe("42 s");
    expect(waitInWords(3 * 60_000 + 10_000)).toBe("3 min");
    expect(waitInWords(89 * 60_000)).toBe("89 min");
    expect(waitInWords(5 * 3_600_000)).toBe("5 h");
    expect(waitInWords(3 * 86_400_000)).toBe("3 days");
  });
});
