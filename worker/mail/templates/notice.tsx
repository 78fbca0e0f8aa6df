import { Text } from "@react-email/text";
import { EmailLayout, styles } from "./layout";

/** A short notice (e.g. an automation paused automatically): a title and one paragraph. */
export function NoticeEmail({ title, body }: { title: string; body: string }) {
  return (
    <EmailLayout title={title} preview={body}>
      <Text style={styles.text}>{body}</Text>
    </EmailLayout>
  );
}
