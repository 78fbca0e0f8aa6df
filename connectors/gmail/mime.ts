// A minimal RFC 2822 / MIME message: one text or HTML part, UTF-8, base64 encoded.
// Header values come from validated input (addresses, a subject without line breaks).
// https://datatracker.ietf.org/doc/html/rfc2822 · https://datatracker.ietf.org/doc/html/rfc2047

export interface MailMessage {
  to: readonly string[];
  cc?: readonly string[];
  bcc?: readonly string[];
  subject: string;
  body: string;
  html: boolean;
}

const CRLF = "\r\n";
// An encoded-word may be 75 characters long: 45 bytes become 60 base64 characters.
const WORD_BYTES = 45;

export function buildMessage(message: MailMessage): string {
  const headers = [
    ["To", message.to.join(", ")],
    ["Cc", message.cc?.join(", ")],
    ["Bcc", message.bcc?.join(", ")],
    ["Subject", encodeHeaderValue(message.subject)],
    ["MIME-Version", "1.0"],
    ["Content-Type", `text/${message.html ? "html" : "plain"}; charset="UTF-8"`],
    ["Content-Transfer-Encoding", "base64"],
  ] as const;
  const lines = headers
    .filter(([, value]) => value !== undefined && value !== "")
    .map(([name, value]) => `${name}: ${value}`);
  return [...lines, "", wrap(Buffer.from(message.body, "utf8").toString("base64"), 76)].join(CRLF);
}

/** Plain ASCII as it is; anything else as UTF-8 encoded-words, folded onto several lines. */
export function encodeHeaderValue(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  const words: string[] = [];
  let chunk = "";
  for (const char of value) {
    if (Buffer.byteLength(chunk + char, "utf8") > WORD_BYTES) {
      words.push(chunk);
      chunk = "";
    }
    chunk += char;
  }
  words.push(chunk);
  return words
    .map((word) => `=?UTF-8?B?${Buffer.from(word, "utf8").toString("base64")}?=`)
    .join(`${CRLF} `);
}

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width));
  return lines.join(CRLF);
}
