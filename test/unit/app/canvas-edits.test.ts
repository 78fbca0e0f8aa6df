import { describe, expect, it } from "vitest";
import {
  addBelow,
  connect,
  removeSelected,
  toggleEdge,
  type CanvasSelection,
} from "../../../app/automations/_builder/canvas-edits";
import { canvasProblems } from "../../../app/automations/_builder/canvas-problems";
import { record, redo, startHistory, undo } from "../../../app/automations/_builder/edit-history";
import { paletteEntries, searchPalette } from "../../../app/automations/_builder/palette-search";
import type { CatalogConnector } from "../../../app/_server/ui/types";
import type { Graph, GraphNode } from "../../../worker/engine/types";
import { stepNames } from "../../../worker/names";

// The canvas's pure parts: edits refused on the spot with a reason in words, undo/redo
// with typing merged into one edit, problems placed on the step or edge they concern,
// and the palette's search by app or action name.
const step = (id: string, name: string, input?: Record<string, unknown>): GraphNode => ({
  id,
  type: "action",
  name,
  action: "http.request",
  input,
});

const graph: Graph = {
  nodes: [
    { id: "trigger", type: "trigger", name: "Trigger" },
    step("ticket", "Create ticket"),
    step("comment", "Comment on ticket"),
    step("audit", "Audit"),
  ],
  edges: [
    { from: "trigger", to: "ticket", kind: "dependent" },
    { from: "ticket", to: "comment", kind: "dependent" },
  ],
};
const label = stepNames(graph);

describe("connect", () => {
  it.each([
    ["a step to itself", "ticket", "ticket", "Create ticket cannot lead to itself."],
    [
      "into the trigger",
      "ticket",
      "trigger",
      "Nothing can lead into Trigger: the trigger is where every run starts.",
    ],
    ["twice", "ticket", "comment", "Create ticket is already joined to Comment on ticket."],
    [
      "into a loop",
      "comment",
      "ticket",
      "Create ticket already runs before Comment on ticket: joining them would make a loop.",
    ],
    [
      "to an unknown step",
      "ticket",
      "gone",
      "Both ends of an edge must be steps of this automation.",
    ],
  ])("refuses an edge %s", (_, from, to, reason) => {
    expect(connect(graph, from, to, label)).toEqual({ ok: false, reason });
  });

  it("adds a dependent edge otherwise", () => {
    const result = connect(graph, "ticket", "audit", label);
    expect(result.ok && result.graph.edges.at(-1)).toEqual({
      from: "ticket",
      to: "audit",
      kind: "dependent",
    });
  });
});

describe("toggleEdge", () => {
  it.each([
    ["dependent", "independent"],
    ["independent", "dependent"],
  ] as const)("switches a %s edge to %s and leaves the others", (from, to) => {
    const start: Graph = {
      ...graph,
      edges: graph.edges.map((e) => (e.to === "comment" ? { ...e, kind: from } : e)),
    };
    const next = toggleEdge(start, "ticket", "comment");
    expect(next.edges.map((e) => e.kind)).toEqual(["dependent", to]);
  });
});

describe("addBelow", () => {
  it.each([
    ["the selected step", "ticket", "ticket"],
    ["the trigger when nothing is selected", null, "trigger"],
    ["the trigger when the selection is gone", "gone", "trigger"],
  ])("joins a new step below %s", (_, after, parent) => {
    const next = addBelow(graph, step("new", "New"), after);
    expect(next.edges.at(-1)).toEqual({ from: parent, to: "new", kind: "dependent" });
  });
});

describe("removeSelected", () => {
  const cases: [string, CanvasSelection, string | { nodes: number; edges: number }][] = [
    ["a step and its edges", { kind: "node", id: "ticket" }, { nodes: 3, edges: 0 }],
    ["an edge", { kind: "edge", from: "ticket", to: "comment" }, { nodes: 4, edges: 1 }],
    ["nothing", null, "Select a step or an edge to delete it."],
    [
      "the trigger",
      { kind: "node", id: "trigger" },
      "The trigger cannot be deleted: every run starts there.",
    ],
  ];
  it.each(cases)("removes %s", (_, selection, expected) => {
    const result = removeSelected(graph, selection);
    if (typeof expected === "string") expect(result).toEqual({ ok: false, reason: expected });
    else
      expect(
        result.ok && { nodes: result.graph.nodes.length, edges: result.graph.edges.length },
      ).toEqual(expected);
  });
});

describe("edit history", () => {
  const play = (steps: ("undo" | "redo" | [string, string | null])[]) =>
    steps.reduce(
      (h, s) => (s === "undo" ? undo(h) : s === "redo" ? redo(h) : record(h, s[0], s[1])),
      startHistory("a"),
    );
  it.each([
    ["one edit undone", [["b", null], "undo"], "a", 0, 1],
    ["undone and redone", [["b", null], "undo", "redo"], "b", 1, 0],
    ["typing in one field merges", [["b", "n1"], ["bc", "n1"], "undo"], "a", 0, 1],
    ["another field is another edit", [["b", "n1"], ["bc", "n2"], "undo"], "b", 1, 1],
    ["an edit after undo drops redo", [["b", null], "undo", ["c", null]], "c", 1, 0],
    ["undo with nothing done", ["undo"], "a", 0, 0],
    ["redo with nothing undone", [["b", null], "redo"], "b", 1, 0],
    [
      "typing again after undo is a new edit",
      [["b", "n1"], "undo", ["x", "n1"], "undo"],
      "a",
      0,
      1,
    ],
  ] as const)("%s", (_, steps, present, past, future) => {
    const h = play(steps as never);
    expect([h.present, h.past.length, h.future.length]).toEqual([present, past, future]);
  });
});

describe("canvasProblems", () => {
  it.each<[string, Graph, Record<string, string[]>, Record<string, string[]>]>([
    ["a sound graph", graph, { audit: [expect.stringContaining("never run") as never] }, {}],
    [
      "an edge into the trigger",
      {
        ...graph,
        edges: [
          ...graph.edges,
          { from: "ticket", to: "audit", kind: "dependent" },
          { from: "audit", to: "trigger", kind: "dependent" },
        ],
      },
      {},
      { "audit->trigger": ["Nothing can lead into Trigger: every run starts there."] },
    ],
    [
      "a loop",
      {
        ...graph,
        edges: [
          ...graph.edges,
          { from: "trigger", to: "audit", kind: "dependent" },
          { from: "comment", to: "ticket", kind: "dependent" },
        ],
      },
      {},
      {
        "trigger->ticket": [],
        "ticket->comment": ["This edge closes a loop: Comment on ticket would wait for itself."],
        "comment->ticket": ["This edge closes a loop: Create ticket would wait for itself."],
      },
    ],
    [
      "a reference to a step that does not run before",
      {
        nodes: [
          ...graph.nodes.slice(0, 3),
          step("audit", "Audit", { url: "{{ steps.comment.id }}" }),
        ],
        edges: [...graph.edges, { from: "trigger", to: "audit", kind: "dependent" }],
      },
      {
        audit: [
          "Audit reads Comment on ticket, which does not run before it: join Comment on ticket above it, or read something else.",
        ],
      },
      {},
    ],
  ])("places the problems of %s", (_, g, nodes, edges) => {
    const found = canvasProblems(g, stepNames(g));
    expect(found.nodes).toEqual(nodes);
    // A loop's edges that are not on it carry nothing.
    const withEmpty = Object.fromEntries(Object.keys(edges).map((k) => [k, found.edges[k] ?? []]));
    expect(withEmpty).toEqual(edges);
  });
});

describe("palette search", () => {
  const catalog: CatalogConnector[] = [
    {
      id: "demo-chat",
      displayName: "Demo Chat",
      provider: "demo",
      callsService: true,
      triggers: [],
      connections: [{ id: "conn_1", label: "Ada" }],
      actions: [
        {
          key: "demo-chat.post_message",
          displayName: "Post message",
          description: "",
          input: {},
          output: {},
        },
      ],
    },
    {
      id: "demo-tracker",
      displayName: "Demo Tracker",
      provider: "demo",
      callsService: true,
      triggers: [],
      connections: [],
      actions: [
        {
          key: "demo-tracker.create_issue",
          displayName: "Create issue",
          description: "",
          input: {},
          output: {},
        },
        {
          key: "demo-tracker.comment_on_issue",
          displayName: "Comment on issue",
          description: "",
          input: {},
          output: {},
        },
      ],
    },
  ];
  const entries = paletteEntries(catalog);
  it.each([
    [
      "",
      [
        "demo-chat.post_message",
        "demo-tracker.create_issue",
        "demo-tracker.comment_on_issue",
        "condition",
        "approval",
        "foreach",
      ],
    ],
    ["tracker", ["demo-tracker.create_issue", "demo-tracker.comment_on_issue"]],
    ["ISSUE comment", ["demo-tracker.comment_on_issue"]],
    ["approval", ["approval"]],
    ["chat post", ["demo-chat.post_message"]],
    ["nothing like it", []],
  ])("finds %j", (query, keys) => {
    expect(searchPalette(entries, query).map((e) => e.key)).toEqual(keys);
  });
  it("presets an action's first connection", () => {
    expect(entries[0]).toMatchObject({ action: "demo-chat.post_message", connection: "conn_1" });
  });
});
