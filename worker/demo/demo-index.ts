// The demo APIs' home page: what automations posted, for a person to look at in a browser.
// Everything shown came from API callers, so every value is escaped.
import { escapeHtml as esc } from "../escape-html";
import type { DemoFault, DemoState } from "./demo-apis";

const MAX_SHOWN = 100;

/** The demo pages' favicon, inline (their CSP allows data: images and nothing else). */
export const DEMO_ICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='4' fill='%230d9488'/%3E%3C/svg%3E";

export function renderDemoIndex(state: DemoState, url: string): string {
  const channels = state.channels
    .map((channel) => {
      const messages = state.messages
        .filter((m) => m.channel === channel.id)
        .slice(-MAX_SHOWN)
        .reverse();
      const items =
        messages.length === 0
          ? `<li class="none">No messages yet</li>`
          : messages
              .map(
                (m) =>
                  `<li><span class="meta">${esc(m.ts)} · ${esc(m.author)}</span> ${esc(m.text)}</li>`,
              )
              .join("\n");
      return `<h3>#${esc(channel.name)} <span class="meta">${esc(channel.topic)}</span></h3>\n<ul>${items}</ul>`;
    })
    .join("\n");

  const issues =
    state.issues.length === 0
      ? `<p class="none">No issues yet</p>`
      : state.issues
          .slice(-MAX_SHOWN)
          .reverse()
          .map((issue) => {
            const labels = issue.labels
              .map((l) => `<span class="label">${esc(l)}</span>`)
              .join(" ");
            const comments = state.comments
              .filter((c) => c.issueNumber === issue.number)
              .map(
                (c) =>
                  `<li><span class="meta">${esc(c.createdAt)} · ${esc(c.author)}</span> ${esc(c.body)}</li>`,
              )
              .join("\n");
            return [
              `<article id="issue-${issue.number}">`,
              `<h3>#${issue.number} ${esc(issue.title)} ${labels}</h3>`,
              `<p class="meta">${esc(issue.state)} · opened ${esc(issue.createdAt)} by ${esc(issue.author)}</p>`,
              issue.body === null ? "" : `<pre>${esc(issue.body)}</pre>`,
              comments === "" ? "" : `<ul>${comments}</ul>`,
              `</article>`,
            ].join("\n");
          })
          .join("\n");

  const faults =
    state.faults.length === 0
      ? ""
      : `<h2>Pending faults</h2>\n<ul>${state.faults
          .map(
            (f) =>
              `<li>${esc(f.method ?? "any")} ${esc(f.path)} → ${faultWords(f)}, ${f.remaining} more${f.afterEffect ? ", after the effect" : ""}</li>`,
          )
          .join("\n")}</ul>`;

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="5">
<link rel="icon" href="${DEMO_ICON}">
<title>Switchyard demo APIs</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
.meta, .none { color: #666; font-size: 0.85em; }
.label { background: #eef; border-radius: 0.6em; padding: 0 0.5em; font-size: 0.75em; }
pre { white-space: pre-wrap; background: #f6f6f6; padding: 0.5em; }
code { background: #f6f6f6; }
</style>
</head>
<body>
<h1>Switchyard demo APIs</h1>
<p class="meta">What your automations posted (this page refreshes every 5 seconds). APIs at <code>${esc(url)}/chat/</code> and <code>${esc(url)}/tracker/</code>.</p>
${faults}
<h2>Demo Chat</h2>
${channels}
<h2>Demo Tracker</h2>
${issues}
</body>
</html>
`;
}

function faultWords(fault: DemoFault): string {
  const slow = fault.delayMs > 0 ? `${fault.delayMs} ms late` : "";
  const status = fault.status === null ? "" : `HTTP ${fault.status}`;
  return [slow, status].filter(Boolean).join(", then ");
}
