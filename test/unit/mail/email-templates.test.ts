import { simpleParser } from "mailparser";
import nodemailer from "nodemailer";
import { describe, expect, it } from "vitest";
import type { Attempt, OutboxEmail } from "../../../prisma/client";
import { approvalEmail } from "../../../worker/approvals/approval-email";
import { redact } from "../../../worker/redact";
import { mergeDigest } from "../../../worker/mail/merge-digest";
import { buildTopology } from "../../../worker/engine/topology";
import { buildFailureNotice, buildReport } from "../../../worker/reports/build-report";
import { noticeHtml, noticeSubject, noticeText } from "../../../worker/reports/render-notice";
import { reportHtml, reportSubject, reportText } from "../../../worker/reports/render-report";
import { graph, playRun, runState } from "../engine/helpers";

// The email templates (React Email) and their plain-text twins, read back the
// way a mail client would: composed by nodemailer, parsed by mailparser.

// A step's name is what people read (R15); HTML in it must come out escaped.
const FAILING = `Create <b>"ticket"`;
const MESSAGE = `Bad <script>alert("x")</script> & co`;
const RUN_URL = "https://switchyard.example/runs/run-1";
const RETRY_URL = "https://switchyard.example/r/retry/abc.def";

async function asReceived(content: { subject: string; text: string; html: string }) {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const { message } = await transport.sendMail({
    from: "switchyard@example.com",
    to: "ops@example.com",
    ...content,
  });
  const mail = await simpleParser(message as Buffer);
  return { subject: mail.subject ?? "", text: mail.text ?? "", html: mail.html || "" };
}

/** What a reader sees of the HTML: tags and comments dropped, entities decoded. */
function visible(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

function attempt(nodeId: string, number: number, fields: Partial<Attempt>): Attempt {
  return {
    id: `${nodeId}-${number}`,
    workspaceId: "ws",
    runId: "run-1",
    nodeRunId: `nr-${nodeId}`,
    nodeId,
    generation: 1,
    number,
    startedAt: new Date(`2025-03-01T10:00:0${number}Z`),
    endedAt: new Date(`2025-03-01T10:00:0${number}.500Z`),
    outcome: "failed",
    errorClass: "http_5xx",
    message: "Service Unavailable",
    httpStatus: 503,
    retryable: true,
    idempotencyKey: `run-1:${nodeId}:1`,
    workerId: "w1",
    ...fields,
  };
}

/** One failed branch (its dependent child blocked), two that succeeded. */
function fixture() {
  const g = graph(
    {
      trigger: "trigger",
      notify: { type: "action", name: "Tell the team" },
      create_ticket: { type: "action", name: FAILING },
      assign: { type: "action", name: "Assign it" },
      sheet: { type: "action", name: "Update the sheet" },
    },
    [
      "trigger -> notify",
      "trigger -> create_ticket",
      "create_ticket -> assign",
      "trigger -> sheet",
    ],
  );
  const { state, topo } = playRun(g, { create_ticket: "failed" });
  return buildReport({
    topo,
    state,
    attempts: [
      attempt("create_ticket", 1, {}),
      attempt("create_ticket", 2, { httpStatus: null, errorClass: "network", message: "reset" }),
      attempt("create_ticket", 3, { errorClass: "http_4xx", message: MESSAGE, httpStatus: 422 }),
    ],
    run: {
      id: "run-1",
      generation: 1,
      automationName: "Orders & <returns>",
      outcome: "partially_succeeded",
      endedAt: new Date("2025-03-01T10:00:05Z"),
    },
    runUrl: RUN_URL,
    retryUrl: RETRY_URL,
  });
}

describe("run report email", () => {
  it("HTML and text both name the failed step, its error in words, attempts, what it blocked, the other branches and the links", async () => {
    const report = fixture();
    const mail = await asReceived({
      subject: reportSubject(report),
      text: reportText(report),
      html: await reportHtml(report),
    });
    expect(mail.subject).toBe(
      `[Switchyard] Orders & <returns>: run partly succeeded (${FAILING} failed)`,
    );

    const shown = [mail.text, visible(mail.html)];
    for (const body of shown) {
      expect(body).toContain("partly succeeded");
      expect(body).toContain(`Branch ${FAILING}: failed`);
      expect(body).toContain(`${FAILING} failed: the service refused the request — ${MESSAGE}`);
      expect(body).toContain("attempts: 3; last HTTP status: 422; at 2025-03-01T10:00:03.500Z");
      expect(body).toContain("blocked: Assign it");
      expect(body).toContain("succeeded despite it: Tell the team and Update the sheet");
      expect(body).toContain("Branch Tell the team: succeeded");
      expect(body).toContain("Branch Update the sheet: succeeded");
      expect(body).toContain("Orders & <returns>");
      // R15: no ids, enum spellings or rule numbers.
      expect(body).not.toMatch(/create_ticket|partially_succeeded|http_4xx|\bR\d+\b/);
    }
    expect(mail.text).toContain(`Run: ${RUN_URL}`);
    expect(mail.text).toContain(`Retry failed part: ${RETRY_URL}`);

    // Links: a button for the retry, a link to the run.
    expect(mail.html).toMatch(
      new RegExp(`<a href="${RETRY_URL}"[^>]*>(?:(?!</a>)[\\s\\S])*Retry failed part`),
    );
    expect(mail.html).toMatch(new RegExp(`<a href="${RUN_URL}"[^>]*>Open the run</a>`));
    // Inline styles only: mail clients drop <style> blocks.
    expect(mail.html).not.toMatch(/<style|<script/i);
  });

  it("escapes HTML special characters of step names, messages and automation names", async () => {
    const html = await reportHtml(fixture());
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>");
    expect(html).not.toContain("<returns>");
    expect(html).toContain("Bad &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co");
    expect(html).toContain("Create &lt;b&gt;&quot;ticket&quot;");
    expect(html).toContain("Orders &amp; &lt;returns&gt;");
  });

  it("without a retry URL (nothing failed, only a gate rejected) there is no retry link", async () => {
    const report = { ...fixture(), retryUrl: null };
    const html = await reportHtml(report);
    expect(html).not.toContain("Retry failed part");
    expect(reportText(report)).not.toContain("Retry failed part");
    expect(html).toContain(`href="${RUN_URL}"`);
  });
});

describe("failure notice email (R14)", () => {
  it("names the failed branch, why, what it blocked and what still runs or waits", async () => {
    const g = graph(
      {
        trigger: "trigger",
        charge: { type: "action", name: "Call billing API" },
        receipt: { type: "action", name: "Send the receipt" },
        gate: { type: "approval", name: "Approve big orders" },
        ship: { type: "action", name: "Ship it" },
      },
      ["trigger -> charge", "charge -> receipt", "trigger -> gate", "gate -> ship"],
    );
    const state = runState(g, {
      charge: "failed",
      receipt: { state: "skipped", blockedBy: ["charge"], rootCause: ["charge"] },
      gate: "waiting_approval",
    });
    const notice = buildFailureNotice({
      topo: buildTopology(g),
      state,
      attempts: [
        attempt("charge", 1, { errorClass: "http_4xx", httpStatus: 402, message: "Card declined" }),
      ],
      run: { id: "run-1", generation: 1, automationName: "Orders" },
      runUrl: RUN_URL,
      at: new Date("2025-03-01T19:00:47Z"),
    });
    const mail = await asReceived({
      subject: noticeSubject(notice),
      text: noticeText(notice),
      html: await noticeHtml(notice),
    });
    expect(mail.subject).toBe("[Switchyard] Orders: Call billing API failed (the run goes on)");
    for (const body of [mail.text, visible(mail.html)]) {
      expect(body).toContain("the branch Call billing API failed at 2025-03-01T10:00:01.500Z");
      expect(body).toContain(
        "Call billing API failed: the service refused the request — Card declined",
      );
      expect(body).toContain("blocked: Send the receipt");
      expect(body).toContain("Approve big orders: waiting for approval");
      expect(body).toContain("Ship it: not started");
      expect(body).toContain("report follows when the run ends");
      expect(body).not.toMatch(/\bcharge\b|waiting_approval|http_4xx|\bR\d+\b/);
    }
    expect(mail.html).toMatch(new RegExp(`<a href="${RUN_URL}"[^>]*>Open the run</a>`));
  });
});

describe("approval request email", () => {
  it("previews the held actions with their inputs, secrets redacted, values escaped", async () => {
    const email = await approvalEmail({
      automationName: "Ship <orders>",
      runId: "run-2",
      gateName: "Approve big orders",
      message: "Ship A-17 & notify?",
      expiresAt: new Date("2025-03-04T10:00:00Z"),
      held: [
        {
          nodeId: "ship",
          name: "Ship the order",
          action: "http.request",
          input: redact({
            url: "https://api.example/ship?a=1&b=<2>",
            headers: { Authorization: "Bearer secret-xyz" },
            body: { order: "A-17", amount: 1200 },
          }),
        },
      ],
      linkUrl: "https://switchyard.example/approvals/t/tok123",
      runUrl: "https://switchyard.example/runs/run-2",
    });
    const mail = await asReceived(email);
    expect(mail.subject).toBe("[Switchyard] Approval needed: Ship <orders> (Approve big orders)");
    expect(mail.text).toContain("- Ship the order (http.request)");
    expect(mail.text).toContain('"order":"A-17","amount":1200');
    expect(mail.text).toContain('"Authorization":"[redacted]"');
    expect(mail.text).toContain("Review and decide: https://switchyard.example/approvals/t/tok123");
    expect(mail.html + mail.text).not.toContain("secret-xyz");

    const shown = visible(mail.html);
    expect(shown).toContain("Ship A-17 & notify?");
    expect(shown).toContain("Run run-2 of “Ship <orders>” is waiting at Approve big orders");
    expect(shown).toContain("Ship the order");
    expect(shown).toContain('"Authorization": "[redacted]"');
    expect(shown).toContain('"url": "https://api.example/ship?a=1&b=<2>"');
    expect(shown).toContain("expires at 2025-03-04T10:00:00.000Z");
    expect(mail.html).not.toContain("<orders>");
    expect(mail.html).toMatch(
      /<a href="https:\/\/switchyard\.example\/approvals\/t\/tok123"[^>]*>(?:(?!<\/a>)[\s\S])*Review and decide/,
    );
    expect(mail.html).toContain('href="https://switchyard.example/runs/run-2"');
  });
});

describe("digest", () => {
  it("merges the window's reports into one message, each report kept whole", async () => {
    const report = fixture();
    const second = { ...report, runId: "run-9" };
    const row = async (r: typeof report) =>
      ({
        subject: reportSubject(r),
        text: reportText(r),
        html: await reportHtml(r),
      }) as OutboxEmail;
    const merged = await mergeDigest([await row(report), await row(second)]);
    const mail = await asReceived(merged);
    expect(mail.text).toContain("2 reports were collected in this digest window.");
    expect(mail.text).toContain("Run run-1 of");
    expect(mail.text).toContain("Run run-9 of");
    const shown = visible(mail.html);
    expect(shown).toContain("2 reports were collected in this digest window.");
    expect(shown).toContain("Run run-1 of");
    expect(shown).toContain("Run run-9 of");
    expect(mail.html.match(/<body/g)).toHaveLength(1);
    // One hidden preview line: the digest's own, not each report's.
    expect(mail.html.match(/data-skip-in-text/g)).toHaveLength(1);
  });
});
