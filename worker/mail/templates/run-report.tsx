import { Button } from "@react-email/button";
import { Heading } from "@react-email/heading";
import { Hr } from "@react-email/hr";
import { Link } from "@react-email/link";
import { Section } from "@react-email/section";
import { Text } from "@react-email/text";
import type { BranchStatus } from "../../engine/index";
import type {
  BranchReport,
  FailureDetail,
  ItemFailuresInWords,
  RejectionDetail,
  RunReport,
} from "../../reports/build-report";
import { branchStatusWords, errorWords, listWords, runOutcomeWords } from "../../names";
import { itemFailureLines } from "../../reports/render-report";
import { EmailLayout, styles } from "./layout";
import { RunPicture } from "./run-picture";

// The per-branch failure report (docs/email-and-approvals.md). Same content as
// its plain-text twin in worker/reports/render-report.ts.

const statusColor: Record<BranchStatus, string> = {
  succeeded: "#15803d",
  failed: "#b91c1c",
  rejected: "#b45309",
  cancelled: "#52525b",
  skipped: "#52525b",
  running: "#1d4ed8",
};

/** One failed step, as in the report and the failure notice. */
export function Failure({ f }: { f: FailureDetail }) {
  return (
    <Section
      style={{ borderLeft: "3px solid #b91c1c", padding: "2px 0 2px 10px", margin: "8px 0" }}
    >
      {f.items ? (
        <ItemFailures name={f.name} items={f.items} />
      ) : (
        <>
          <Text style={styles.text}>
            <strong>{f.name}</strong>
            {` failed: ${errorWords(f.errorClass)} — ${f.message ?? "no message"}`}
          </Text>
          <Text style={styles.small}>
            {`attempts: ${f.attempts}; last HTTP status: ${f.httpStatus ?? "none"}; at ${f.at?.toISOString() ?? "?"}`}
          </Text>
        </>
      )}
      <Text style={styles.small}>{`blocked: ${listWords(f.blocked)}`}</Text>
      <Text style={styles.small}>
        {`succeeded despite it: ${listWords(f.succeededDespite, "no other branch")}`}
      </Text>
    </Section>
  );
}

/** A for-each's failed items, grouped by what went wrong. */
function ItemFailures({ name, items }: { name: string; items: ItemFailuresInWords }) {
  const { heading, groups } = itemFailureLines(items);
  return (
    <>
      <Text style={styles.text}>
        <strong>{name}</strong>
        {`: ${heading}`}
      </Text>
      {groups.map((g) => (
        <Text key={g} style={styles.small}>
          {g}
        </Text>
      ))}
    </>
  );
}

function Rejection({ r }: { r: RejectionDetail }) {
  return (
    <Section
      style={{ borderLeft: "3px solid #b45309", padding: "2px 0 2px 10px", margin: "8px 0" }}
    >
      <Text style={styles.text}>
        <strong>{r.name}</strong>
        {` rejected; skipped: ${listWords(r.blocked)}`}
      </Text>
    </Section>
  );
}

function Branch({ b }: { b: BranchReport }) {
  return (
    <Section>
      <Heading as="h3" style={styles.heading}>
        {`Branch ${b.name}: `}
        <span style={{ color: statusColor[b.status] }}>{branchStatusWords(b.status)}</span>
      </Heading>
      <Text style={styles.muted}>{b.nodeNames.join(" → ")}</Text>
      {b.failures.map((f) => (
        <Failure key={f.nodeId} f={f} />
      ))}
      {b.rejections.map((r) => (
        <Rejection key={r.nodeId} r={r} />
      ))}
    </Section>
  );
}

export function RunReportEmail({ report, subject }: { report: RunReport; subject: string }) {
  const failures = report.branches.flatMap((b) => b.failures);
  const succeeded = report.branches.filter((b) => b.status === "succeeded").length;
  const preview = [
    ...failures.map((f) => `${f.name} failed (${errorWords(f.errorClass)})`),
    ...report.branches.flatMap((b) => b.rejections).map((r) => `${r.name} rejected`),
    succeeded === 0
      ? "no branch succeeded"
      : `${succeeded} branch${succeeded === 1 ? "" : "es"} succeeded`,
  ].join("; ");
  return (
    <EmailLayout title={subject} preview={preview}>
      <Text style={styles.text}>
        {`Run ${report.runId} of “${report.automationName}” `}
        <strong>{runOutcomeWords(report.outcome)}</strong>
        {` (generation ${report.generation}, ended ${report.endedAt.toISOString()}).`}
      </Text>
      {report.branches.map((b) => (
        <Branch key={b.rootNodeId} b={b} />
      ))}
      <RunPicture rows={report.picture} />
      <Hr style={styles.hr} />
      <Section>
        {report.retryUrl ? (
          <Button href={report.retryUrl} style={styles.button}>
            Retry failed part
          </Button>
        ) : null}
        <Text style={styles.text}>
          <Link href={report.runUrl} style={styles.link}>
            Open the run
          </Link>
        </Text>
      </Section>
    </EmailLayout>
  );
}
