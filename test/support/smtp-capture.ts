// A real SMTP server on loopback for tests: accepts (or refuses, when told)
// every message and keeps it parsed, so tests read what a mailbox would get.
import type { AddressInfo } from "node:net";
import { simpleParser, type AddressObject, type EmailAddress } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface CapturedEmail {
  messageId: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface SmtpCapture {
  /** smtp://127.0.0.1:<port> */
  url: string;
  messages: CapturedEmail[];
  /** The next `n` messages are refused with a temporary 451 after DATA. */
  refuseNext(n: number): void;
  close(): Promise<void>;
}

export async function startSmtpCapture(): Promise<SmtpCapture> {
  const messages: CapturedEmail[] = [];
  let refusals = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (refusals > 0) {
          refusals--;
          const err = Object.assign(new Error("Try again later"), { responseCode: 451 });
          return callback(err);
        }
        simpleParser(Buffer.concat(chunks)).then(
          (mail) => {
            messages.push({
              messageId: mail.messageId ?? "",
              to: addresses(mail.to),
              subject: mail.subject ?? "",
              text: mail.text ?? "",
              html: mail.html || "",
            });
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refuseNext: (n) => (refusals = n),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The plain addresses of a parsed To header (groups flattened). */
function addresses(to: AddressObject | AddressObject[] | undefined): string[] {
  const flat = (list: EmailAddress[]): string[] =>
    list.flatMap((a) => (a.group ? flat(a.group) : a.address ? [a.address] : []));
  return [to ?? []].flat().flatMap((a) => flat(a.value));
}
