import { render } from "@react-email/render";
import { createElement } from "react";
import { RunReportEmail } from "../mail/templates/run-report";
import { branchStatusWords, errorWords, listWords, runOutcomeWords } from "../names";
import type { BranchReport, FailureDetail, ItemFailuresInWords, RunReport } from "./build-report";
import { pictureLines } from "./report-picture";

// Both versions come from one model: the HTML from a React Email template, the
// plain text written here by hand (html-to-text's rendering of the HTML would be
// less exact: uppercased headings, bracketed links, wrapped lines).

/** "Call billing API failed; Approve refund rejected": what went wrong, by name. */
export function incidentWords(branches: readonly BranchReport[]): string {
  const names = (items: { name: string }[]) => [...new Set(items.map((i) => i.name))];
  const failed = names(branches.flatMap((b) => b.failures));
  const rejected = names(branches.flatMap((b) => b.rejections));
  return [
    failed.length ? `${listWords(failed)} failed` : "",
    rejected.length ? `${listWords(rejected)} rejected` : "",
  ]
    .filter(Boolean)
    .join("; ");
}

export function reportSubject(report: RunReport): string {
  return `[Switchyard] ${report.automationName}: run ${runOutcomeWords(report.outcome)} (${incidentWords(report.branches)})`;
}

/** "Each order: 37 of 5,000 items failed", then one line per kind of failure. */
export function itemFailureLines(items: ItemFailuresInWords): {
  heading: string;
  groups: string[];
} {
  const count = (n: number) => n.toLocaleString("en");
  return {
    heading: `${count(items.failed)} of ${count(items.total)} items failed`,
    groups: items.groups.map((g) => {
      // People count items from 1.
      const first = g.firstItems.map((i) => i + 1).join(", ");
      const more = g.items > g.firstItems.length ? ", …" : "";
      return `${count(g.items)} item${g.items === 1 ? "" : "s"} — ${g.stepName} failed: ${errorWords(g.errorClass)} — ${g.message ?? "no message"} (item${g.items === 1 ? "" : "s"} ${first}${more})`;
    }),
  };
}

/** One failed step: why, its attempts, what it blocked and what succeeded despite it. */
export function failureLines(f: FailureDetail): string[] {
  const why = f.items
    ? (() => {
        const { heading, groups } = itemFailureLines(f.items);
        return [`  ✗ ${f.name}: ${heading}`, ...groups.map((g) => `    ${g}`)];
      })()
    : [
        `  ✗ ${f.name} failed: ${errorWords(f.errorClass)} — ${f.message ?? "no message"}`,
        `    attempts: ${f.attempts}; last HTTP status: ${f.httpStatus ?? "none"}; at ${f.at?.toISOString() ?? "?"}`,
      ];
  return [
    ...why,
    `    blocked: ${listWords(f.blocked)}`,
    `    succeeded despite it: ${listWords(f.succeededDespite, "no other branch")}`,
  ];
}

function branchHeading(b: BranchReport): string {
  return `Branch ${b.name}: ${branchStatusWords(b.status)}`;
}

function branchText(b: BranchReport): string[] {
  return [
    `${branchHeading(b)} (${b.nodeNames.join(" → ")})`,
    ...b.failures.flatMap(failureLines),
    ...b.rejections.map((r) => `  ⊘ ${r.name} rejected; skipped: ${listWords(r.blocked)}`),
  ];
}

export function reportText(report: RunReport): string {
  return [
    `Run ${report.runId} of "${report.automationName}" ${runOutcomeWords(report.outcome)} (generation ${report.generation}, ended ${report.endedAt.toISOString()}).`,
    "",
    ...report.branches.flatMap((b) => [...branchText(b), ""]),
    "The run on its graph:",
    ...pictureLines(report.picture),
    "",
    `Run: ${report.runUrl}`,
    ...(report.retryUrl ? [`Retry failed part: ${report.retryUrl}`] : []),
  ].join("\n");
}

/** The HTML version, rendered from the React Email template (React escapes every value). */
export function reportHtml(report: RunReport): Promise<string> {
  return render(createElement(RunReportEmail, { report, subject: reportSubject(report) }));
}
