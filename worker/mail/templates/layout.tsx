import { Body } from "@react-email/body";
import { Container } from "@react-email/container";
import { Head } from "@react-email/head";
import { Html } from "@react-email/html";
import { Preview } from "@react-email/preview";
import type { CSSProperties, ReactNode } from "react";

// Shared frame and inline styles of every email: mail clients often drop <style>
// blocks and never run scripts, so each element carries its own style.

export const styles = {
  body: {
    backgroundColor: "#f4f4f5",
    fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
    color: "#111111",
    lineHeight: "1.4",
    // Names are user input: a long one wraps instead of widening a phone's screen.
    overflowWrap: "anywhere",
  },
  container: {
    backgroundColor: "#ffffff",
    maxWidth: "640px",
    margin: "16px auto",
    padding: "20px 24px",
    border: "1px solid #e4e4e7",
    borderRadius: "6px",
  },
  text: { fontSize: "14px", lineHeight: "20px", margin: "8px 0" },
  small: { fontSize: "13px", lineHeight: "18px", margin: "2px 0", color: "#3f3f46" },
  muted: { fontSize: "13px", lineHeight: "18px", margin: "0 0 8px", color: "#71717a" },
  heading: { fontSize: "16px", lineHeight: "22px", margin: "20px 0 4px" },
  code: {
    fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
    fontSize: "13px",
    backgroundColor: "#f4f4f5",
    padding: "1px 4px",
    borderRadius: "3px",
  },
  pre: {
    fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
    fontSize: "12px",
    lineHeight: "16px",
    backgroundColor: "#f4f4f5",
    padding: "8px",
    margin: "4px 0 0",
    whiteSpace: "pre-wrap",
    wordBreak: "break-word",
  },
  link: { color: "#1d4ed8", textDecoration: "underline" },
  button: {
    backgroundColor: "#1d4ed8",
    color: "#ffffff",
    fontSize: "14px",
    fontWeight: 600,
    borderRadius: "4px",
    padding: "10px 16px",
    textDecoration: "none",
  },
  hr: { borderColor: "#e4e4e7", margin: "20px 0" },
} satisfies Record<string, CSSProperties>;

export function EmailLayout(props: { title: string; preview: string; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head>
        <title>{props.title}</title>
      </Head>
      <Body style={styles.body}>
        <Preview>{props.preview}</Preview>
        <Container style={styles.container}>{props.children}</Container>
      </Body>
    </Html>
  );
}
