import { describe, expect, it } from "vitest";
import {
  branchStatusWords,
  channelWords,
  decisionSentence,
  decisionWords,
  errorWords,
  listWords,
  nodeStateWords,
  runOutcomeWords,
  stepNames,
} from "../../worker/names";
import { graph } from "./engine/helpers";

// R15: what people read names steps and outcomes in words, never by id or enum spelling.

describe("step names", () => {
  const g = graph({
    trigger: "trigger",
    step_1: { type: "action", action: "http.request", name: "Call billing API" },
    step_2: { type: "action", action: "http.request" },
    step_3: { type: "action", action: "http.request", name: "  " },
    step_4: { type: "action", action: "slack.post_message" },
    approval_7: "approval",
    condition_6: { type: "condition", name: "Only big orders" },
  });
  const name = stepNames(g);

  it("uses the name the user gave", () => {
    expect(name("step_1")).toBe("Call billing API");
    expect(name("condition_6")).toBe("Only big orders");
  });

  it("falls back to the action's title, numbered when several unnamed steps share it", () => {
    expect(name("step_2")).toBe("HTTP request 1");
    expect(name("step_3")).toBe("HTTP request 2");
    expect(name("step_4")).toMatch(/^[A-Z]/);
    expect(name("step_4")).not.toContain("step_4");
    expect(name("approval_7")).toBe("Approval");
    expect(name("trigger")).toBe("Trigger");
  });

  it("never gives the raw id alone, even for a node the graph no longer has", () => {
    expect(name("gone_9")).not.toBe("gone_9");
    for (const node of g.nodes) expect(name(node.id)).not.toBe(node.id);
  });
});

describe("outcome words", () => {
  it("says runs, steps, branches and decisions in words", () => {
    expect(runOutcomeWords("partially_succeeded")).toBe("partly succeeded");
    expect(runOutcomeWords("failed")).toBe("failed");
    expect(nodeStateWords("waiting_approval")).toBe("waiting for approval");
    expect(nodeStateWords("waiting_connection")).toBe("waiting for its connection");
    expect(nodeStateWords("waiting_rate_limit")).toBe("waiting for rate limit");
    expect(branchStatusWords("running")).toBe("still running");
    expect(decisionWords("approved")).toBe("approved");
    expect(channelWords("email")).toBe("from the email link");
  });

  it("never returns an enum spelling", () => {
    const words = [
      ...(["running", "succeeded", "partially_succeeded", "failed", "cancelled"] as const).map(
        runOutcomeWords,
      ),
      ...(
        [
          "pending",
          "queued",
          "running",
          "retrying",
          "waiting_approval",
          "waiting_connection",
          "waiting_rate_limit",
          "succeeded",
          "failed",
          "skipped",
          "rejected",
          "cancelled",
        ] as const
      ).map(nodeStateWords),
      ...["network", "http_5xx", "http_4xx", "input_validation", "worker_lost", null].map((c) =>
        errorWords(c),
      ),
    ];
    for (const w of words) expect(w).not.toContain("_");
  });

  it("words an error with its HTTP status, and lists as a sentence", () => {
    expect(errorWords("http_5xx", 503)).toBe("the service had an error (HTTP 503)");
    expect(errorWords("timeout")).toBe("timed out");
    expect(listWords([])).toBe("nothing");
    expect(listWords(["a", "b", "c"])).toBe("a, b and c");
  });
});

describe("decision sentence", () => {
  const decided = {
    status: "approved",
    decidedBy: "ann@example.com",
    decidedAt: new Date("2025-03-01T10:00:00Z"),
    channel: "email",
    comment: "ok",
  };

  it("keeps the comment apart from the channel (never 'via emailok')", () => {
    expect(decisionSentence(decided)).toBe(
      "approved by ann@example.com at 2025-03-01T10:00:00.000Z from the email link, with the comment “ok”",
    );
    expect(decisionSentence({ ...decided, comment: null }, "you")).toBe(
      "approved by you at 2025-03-01T10:00:00.000Z from the email link",
    );
  });

  it("says an expiry in words", () => {
    expect(
      decisionSentence({
        ...decided,
        status: "expired",
        decidedBy: "expiry",
        channel: "expiry",
        comment: null,
      }),
    ).toBe("expired at 2025-03-01T10:00:00.000Z, when nobody had decided in time");
  });
});
