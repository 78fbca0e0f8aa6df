import { Body } from "@react-email/body";
import { Container } from "@react-email/container";
import { Head } from "@react-email/head";
import { Html } from "@react-email/html";
import { Preview } from "@react-email/preview";
import { Text } from "@react-email/text";
import { Fragment } from "react";
import { styles } from "./layout";

/**
 * A digest window's reports in one message. Each report was rendered (and its
 * values escaped) by its own template when it was enqueued; the content of its
 * <body> (its own card) is embedded here, one after the other.
 */
export function DigestEmail({
  subject,
  subjects,
  bodies,
}: {
  subject: string;
  subjects: readonly string[];
  bodies: readonly string[];
}) {
  return (
    <Html lang="en">
      <Head>
        <title>{subject}</title>
      </Head>
      <Body style={styles.body}>
        <Preview>{`${bodies.length} reports: ${subjects.join("; ")}`}</Preview>
        <Container style={styles.container}>
          <Text style={styles.text}>
            {`${bodies.length} reports were collected in this digest window.`}
          </Text>
        </Container>
        {bodies.map((body, i) => (
          <Fragment key={i}>
            <Container style={{ maxWidth: "640px" }}>
              <Text style={{ ...styles.muted, margin: "16px 0 0" }}>
                {`${i + 1}/${bodies.length}: ${subjects[i]}`}
              </Text>
            </Container>
            <div dangerouslySetInnerHTML={{ __html: body }} />
          </Fragment>
        ))}
      </Body>
    </Html>
  );
}
