import { describe, expect, it } from "vitest";
import { buildReport } from "../../../worker/reports/build-report";
import { reportHtml, reportText } from "../../../worker/reports/render-report";
import { joinWords, pictureLines, runPicture } from "../../../worker/reports/report-picture";
import { graph, playRun } from "../engine/helpers";

// The report email's picture of the run: one row per step, indented below the first step
// it follows, coloured by state, with how it is joined in words; the same rows as lines
// in the plain text.
const fanOut = graph(
  {
    trigger: { type: "trigger", name: "Order placed" },
    chat: { type: "action", name: "Notify chat" },
    ticket: { type: "action", name: "Create ticket" },
    comment: { type: "action", name: "Comment on ticket" },
    audit: { type: "action", name: "Audit" },
  },
  ["trigger -> chat", "trigger -> ticket", "ticket -> comment", "chat ~> audit", "ticket ~> audit"],
);

describe("runPicture", () => {
  const { state, topo } = playRun(fanOut, { ticket: "failed" });
  const rows = runPicture(topo, state);
  it.each([
    ["Order placed", 0, "succeeded", "ok", "starts the run"],
    ["Notify chat", 1, "succeeded", "ok", "after Order placed, only if it succeeded"],
    [
      "Audit",
      2,
      "succeeded",
      "ok",
      "after Notify chat, whatever happened; also after Create ticket",
    ],
    ["Create ticket", 1, "failed", "bad", "after Order placed, only if it succeeded"],
    ["Comment on ticket", 2, "skipped", "off", "after Create ticket, only if it succeeded"],
  ])("draws %s at depth %i, %s (%s): %s", (name, depth, words, tone, join) => {
    const row = rows.find((r) => r.name === name)!;
    expect([row.depth, row.stateWords, row.tone, joinWords(row)]).toEqual([
      depth,
      words,
      tone,
      join,
    ]);
  });

  it("draws every step once, each below the step it follows", () => {
    expect(rows.map((r) => r.name)).toEqual([
      "Order placed",
      "Notify chat",
      "Audit",
      "Create ticket",
      "Comment on ticket",
    ]);
  });

  it("keeps a long chain as deep as it is, without recursion", () => {
    const ids = Array.from({ length: 600 }, (_, i) => `s${i}`);
    const chain = graph(
      { trigger: "trigger", ...Object.fromEntries(ids.map((id) => [id, "action" as const])) },
      ["trigger -> s0", ...ids.slice(1).map((id, i) => `s${i} -> ${id}`)],
    );
    const { state, topo } = playRun(chain);
    expect(runPicture(topo, state).at(-1)?.depth).toBe(600);
  });
});

describe("the report email's picture", () => {
  const { state, topo } = playRun(fanOut, { ticket: "failed" });
  const report = buildReport({
    topo,
    state,
    attempts: [],
    run: {
      id: "run-1",
      generation: 1,
      automationName: "Orders",
      outcome: "partially_succeeded",
      endedAt: new Date("2025-03-01T10:00:05Z"),
    },
    runUrl: "https://switchyard.example/runs/run-1",
    retryUrl: null,
  });

  it("is in the text as indented lines", () => {
    expect(reportText(report)).toContain(
      ["The run on its graph:", ...pictureLines(report.picture)].join("\n"),
    );
    expect(pictureLines(report.picture)[4]).toBe(
      "      Comment on ticket: skipped (after Create ticket, only if it succeeded)",
    );
  });

  it("is in the HTML as a table coloured by state, with no SVG, image or script", async () => {
    const html = await reportHtml(report);
    expect(html).toContain("The run on its graph");
    expect(html).toMatch(/<table[^>]*role="presentation"/);
    // A failed step in red, a skipped one in grey, the independent join dashed.
    expect(html).toMatch(/border:1px solid #b91c1c[^"]*"><strong>Create ticket<\/strong>/);
    expect(html).toMatch(/border:1px solid #a1a1aa[^"]*"><strong>Comment on ticket<\/strong>/);
    expect(html).toMatch(/border:1px dashed #15803d[^"]*"><strong>Audit<\/strong>/);
    expect(html).not.toMatch(/<svg|<img|<script/i);
  });
});
