import { emailDocument, escapeHtml as h } from "../mail/escape-html";
import type { BranchReport, FailureDetail, RunReport } from "./build-report";

// Well-escaped string templates rather than React Email: no extra runtime
// dependency in the worker, and both versions are generated from one model.

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

function failureHtml(f: FailureDetail): string {
  return `<li><strong>${h(f.nodeId)}</strong> failed: <code>${h(f.errorClass ?? "error")}</code> — ${h(f.message ?? "no message")}<br>
attempts: ${f.attempts}; last HTTP status: ${h(f.httpStatus ?? "none")}; at ${h(f.at?.toISOString() ?? "?")}<br>
blocked: ${h(f.blocked.join(", ") || "nothing")}<br>
succeeded despite it: ${h(f.succeededDespite.join(", ") || "no other branch")}</li>`;
}

export function reportHtml(report: RunReport): string {
  const branches = report.branches
    .map(
      (b) => `<h3>Branch ${h(b.rootNodeId)}: ${h(b.status)}</h3><p>${h(b.nodeIds.join(" → "))}</p>
<ul>${b.failures.map(failureHtml).join("")}${b.rejections
        .map(
          (r) =>
            `<li><strong>${h(r.nodeId)}</strong> rejected; skipped: ${h(r.blocked.join(", ") || "nothing")}</li>`,
        )
        .join("")}</ul>`,
    )
    .join("");
  const retry = report.retryUrl ? ` · <a href="${h(report.retryUrl)}">Retry failed part</a>` : "";
  return emailDocument(
    reportSubject(report),
    `<p>Run ${h(report.runId)} of “${h(report.automationName)}” ended <strong>${h(report.outcome)}</strong> (generation ${report.generation}).</p>
${branches}<p><a href="${h(report.runUrl)}">Open the run</a>${retry}</p>`,
  );
}
