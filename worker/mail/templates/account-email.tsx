import { Button } from "@react-email/button";
import { Section } from "@react-email/section";
import { Text } from "@react-email/text";
import { EmailLayout, styles } from "./layout";

export interface AccountEmailInput {
  title: string;
  body: string;
  action: { label: string; url: string };
  /** Under the button: why the reader got it, what to do if it was not them. */
  footnote: string;
}

/** An email about the reader's own account (confirm the address, someone tried to sign up). */
export function AccountEmail({ input }: { input: AccountEmailInput }) {
  return (
    <EmailLayout title={input.title} preview={input.body}>
      <Text style={styles.text}>{input.body}</Text>
      <Section style={{ margin: "16px 0 8px" }}>
        <Button href={input.action.url} style={styles.button}>
          {input.action.label}
        </Button>
      </Section>
      <Text style={styles.small}>{input.footnote}</Text>
    </EmailLayout>
  );
}
