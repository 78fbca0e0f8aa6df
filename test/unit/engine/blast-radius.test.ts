import { describe, expect, it } from "vitest";
import { blastRadius } from "../../../worker/engine/blast-radius";
import { graph } from "./helpers";

// The fan-out of docs/semantics.md R4, with an independent audit below the ticket.
const fanOut = graph(
  {
    trigger: "trigger",
    notify: "action",
    ticket: "action",
    assign: "action",
    audit: "action",
    sheet: "action",
    big: { type: "condition", condition: { left: "{{ trigger.total }}", operator: "truthy" } },
    gate: "approval",
    ship: "action",
    confirm: "action",
  },
  [
    "trigger -> notify",
    "trigger -> ticket",
    "ticket -> assign",
    "ticket ~> audit",
    "trigger -> sheet",
    "sheet -> big",
    "big -> gate",
    "gate -> ship",
    "ship -> confirm",
    "assign ~> confirm",
  ],
);

describe("blastRadius", () => {
  it.each<{ name: string; node: string; skipped: string[]; stillRuns: string[] }>([
    {
      name: "R2: a dependent child of the failed node is skipped",
      node: "ticket",
      skipped: ["assign"],
      stillRuns: ["audit", "confirm"],
    },
    {
      name: "R3: an independent child runs anyway, and a node below a skipped one through an independent edge runs too",
      node: "assign",
      skipped: [],
      stillRuns: ["confirm"],
    },
    {
      name: "R2: the whole dependent chain below is skipped at once",
      node: "sheet",
      skipped: ["big", "gate", "ship", "confirm"],
      stillRuns: [],
    },
    {
      name: "R9: a failed approval gate skips what depends on it",
      node: "gate",
      skipped: ["ship", "confirm"],
      stillRuns: [],
    },
    {
      name: "R4: a leaf's failure touches no sibling branch",
      node: "notify",
      skipped: [],
      stillRuns: [],
    },
  ])("$name", ({ node, skipped, stillRuns }) => {
    const radius = blastRadius(fanOut, node);
    expect(radius?.skipped.map((s) => s.nodeId)).toEqual(skipped);
    expect(radius?.stillRuns).toEqual(stillRuns);
  });

  it("R2: each skipped node names the parents that block it", () => {
    expect(blastRadius(fanOut, "big")?.skipped).toEqual([
      { nodeId: "gate", blockedBy: ["big"] },
      { nodeId: "ship", blockedBy: ["gate"] },
      { nodeId: "confirm", blockedBy: ["ship"] },
    ]);
  });

  it("R1: the trigger never fails, and an unknown node has no radius", () => {
    expect(blastRadius(fanOut, "trigger")).toBeNull();
    expect(blastRadius(fanOut, "nope")).toBeNull();
  });
});
