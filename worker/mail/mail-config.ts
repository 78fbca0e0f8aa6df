import { z } from "zod";

const mailEnvSchema = z.object({
  /** smtp://user:pass@host:port (smtps:// for TLS). Unset: emails stay in the local mailbox. */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default("Switchyard <switchyard@localhost>"),
  SWITCHYARD_PUBLIC_URL: z.string().url().default("http://127.0.0.1:3000"),
  /**
   * Tests only: SIGKILL this process right after the SMTP server accepted a
   * message and before the outbox row records it, to prove no duplicate.
   */
  SWITCHYARD_TEST_KILL_AFTER_SMTP_ACCEPT: z.enum(["1"]).optional(),
});

export interface MailConfig {
  smtpUrl: string | null;
  from: string;
  publicUrl: string;
  killAfterAccept: boolean;
}

export function loadMailConfig(env: NodeJS.ProcessEnv = process.env): MailConfig {
  const e = mailEnvSchema.parse(env);
  return {
    smtpUrl: e.SMTP_URL ?? null,
    from: e.MAIL_FROM,
    publicUrl: new URL(e.SWITCHYARD_PUBLIC_URL).origin,
    killAfterAccept: e.SWITCHYARD_TEST_KILL_AFTER_SMTP_ACCEPT === "1",
  };
}
