import { Heading } from "@react-email/heading";
import { Hr } from "@react-email/hr";
import { Link } from "@react-email/link";
import { Section } from "@react-email/section";
import { Text } from "@react-email/text";
import { NOTICE_FOLLOW_UP, type FailureNotice } from "../../reports/build-report";
import { EmailLayout, styles } from "./layout";
import { Failure } from "./run-report";

// R14: a step failed for good while the run goes on. Plain-text twin:
// worker/reports/render-notice.ts.

export function FailureNoticeEmail({
  notice,
  subject,
}: {
  notice: FailureNotice;
  subject: string;
}) {
  return (
    <EmailLayout title={subject} preview={notice.lead}>
      <Text style={styles.text}>{notice.lead}</Text>
      {notice.failedBranches.map((b) => (
        <Section key={b.rootNodeId}>
          <Heading as="h3" style={styles.heading}>{`Branch ${b.name}`}</Heading>
          {b.failures.map((f) => (
            <Failure key={f.nodeId} f={f} />
          ))}
        </Section>
      ))}
      <Heading as="h3" style={styles.heading}>
        Still running or waiting
      </Heading>
      {notice.stillOpen.map((s) => (
        <Text key={s.nodeId} style={styles.small}>{`${s.name}: ${s.state}`}</Text>
      ))}
      <Hr style={styles.hr} />
      <Text style={styles.small}>{NOTICE_FOLLOW_UP}</Text>
      <Text style={styles.text}>
        <Link href={notice.runUrl} style={styles.link}>
          Open the run
        </Link>
      </Text>
    </EmailLayout>
  );
}
