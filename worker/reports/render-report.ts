import { render } from "@react-email/render";
import { createElement } from "react";
import { RunReportEmail } from "../mail/templates/run-report";
import type { BranchReport, FailureDetail, RunReport } from "./build-report";

// Both versions come from one model: the HTML from a React Email template, the
// plain text written here by hand (html-to-text's rendering of the HTML would be
// less exact: uppercased headings, bracketed links, wrapped lines).

export function reportSubject(report: RunReport): string {
  const failed = report.branches.flatMap((b) => b.failures).length;
  const rejected = report.branches.flatMap((b) => b.rejections).length;
  const what = [failed ? `${failed} failed` : "", rejected ? `${rejected} rejected` : ""]
    .filter(Boolean)
    .join(", ");
  return `[Switchyard] ${report.automationName}: run ${report.outcome} (${what})`;
}

function failureLines(f: FailureDetail): string[] {
  return [
    `  ✗ ${f.nodeId} failed: ${f.errorClass ?? "error"} — ${f.message ?? "no message"}`,
    `    attempts: ${f.attempts}; last HTTP status: ${f.httpStatus ?? "none"}; at ${f.at?.toISOString() ?? "?"}`,
    `    blocked: ${f.blocked.length ? f.blocked.join(", ") : "nothing"}`,
    `    succeeded despite it: ${f.succeededDespite.length ? f.succeededDespite.join(", ") : "no other branch"}`,
  ];
}

function branchText(b: BranchReport): string[] {
  return [
    `Branch ${b.rootNodeId}: ${b.status} (${b.nodeIds.join(" → ")})`,
    ...b.failures.flatMap(failureLines),
    ...b.rejections.map(
      (r) =>
        `  ⊘ ${r.nodeId} rejected; skipped: ${r.blocked.length ? r.blocked.join(", ") : "nothing"}`,
    ),
  ];
}

export function reportText(report: RunReport): string {
  return [
    `Run ${report.runId} of "${report.automationName}" ended ${report.outcome} (generation ${report.generation}, ${report.endedAt.toISOString()}).`,
    "",
    ...report.branches.flatMap((b) => [...branchText(b), ""]),
    `Run: ${report.runUrl}`,
    ...(report.retryUrl ? [`Retry failed part: ${report.retryUrl}`] : []),
  ].join("\n");
}

/** The HTML version, rendered from the React Email template (React escapes every value). */
export function reportHtml(report: RunReport): Promise<string> {
  return render(createElement(RunReportEmail, { report, subject: reportSubject(report) }));
}
