import { Button } from "@react-email/button";
import { Hr } from "@react-email/hr";
import { Link } from "@react-email/link";
import { Section } from "@react-email/section";
import { Text } from "@react-email/text";
import type { ApprovalEmailInput } from "../../approvals/approval-email";
import { EmailLayout, styles } from "./layout";

// One approver's request (R9): what approving lets happen, and one link to a
// confirmation page (a GET decides nothing). Plain-text twin: approval-email.ts.

export function ApprovalRequestEmail({
  input,
  subject,
}: {
  input: ApprovalEmailInput;
  subject: string;
}) {
  return (
    <EmailLayout title={subject} preview={input.message}>
      <Text style={{ ...styles.text, fontSize: "16px" }}>{input.message}</Text>
      <Text style={styles.text}>
        {`Run ${input.runId} of “${input.automationName}” is waiting at `}
        <strong>{input.gateName}</strong>.
      </Text>
      <Text style={styles.text}>If approved, these actions will run:</Text>
      {input.held.length === 0 ? (
        <Text style={styles.small}>(no action depends on this gate)</Text>
      ) : (
        input.held.map((a) => (
          <Section
            key={a.nodeId}
            style={{ borderLeft: "3px solid #1d4ed8", padding: "2px 0 2px 10px", margin: "8px 0" }}
          >
            <Text style={styles.small}>
              <strong>{a.name}</strong> <code style={styles.code}>{a.action}</code>
            </Text>
            <pre style={styles.pre}>{JSON.stringify(a.input, null, 2)}</pre>
          </Section>
        ))
      )}
      <Section style={{ margin: "16px 0 8px" }}>
        <Button href={input.linkUrl} style={styles.button}>
          Review and decide
        </Button>
      </Section>
      <Text style={styles.small}>
        {`This link is yours alone, works once and expires at ${input.expiresAt.toISOString()}.`}
      </Text>
      <Hr style={styles.hr} />
      <Text style={styles.small}>
        <Link href={input.runUrl} style={styles.link}>
          Open the run
        </Link>
      </Text>
    </EmailLayout>
  );
}
