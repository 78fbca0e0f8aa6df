import { render } from "@react-email/render";
import { createElement } from "react";
import { FailureNoticeEmail } from "../mail/templates/failure-notice";
import { NOTICE_FOLLOW_UP, type FailureNotice } from "./build-report";
import { failureLines, incidentWords } from "./render-report";

// R14's notice, text and HTML from one model like the report (render-report.ts).

export function noticeSubject(notice: FailureNotice): string {
  return `[Switchyard] ${notice.automationName}: ${incidentWords(notice.failedBranches)} (the run goes on)`;
}

export function noticeText(notice: FailureNotice): string {
  return [
    notice.lead,
    "",
    ...notice.failedBranches.flatMap((b) => [
      `Branch ${b.name}:`,
      ...b.failures.flatMap(failureLines),
      "",
    ]),
    "Still running or waiting:",
    ...notice.stillOpen.map((s) => `  … ${s.name}: ${s.state}`),
    "",
    NOTICE_FOLLOW_UP,
    `Run: ${notice.runUrl}`,
  ].join("\n");
}

export function noticeHtml(notice: FailureNotice): Promise<string> {
  return render(createElement(FailureNoticeEmail, { notice, subject: noticeSubject(notice) }));
}
