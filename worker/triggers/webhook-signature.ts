// Signature checks for webhooks whose sender signs them. Both compare HMAC-SHA256 over
// the raw body in constant time.
//   Standard Webhooks: https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
//   GitHub: https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
import { createHmac, timingSafeEqual } from "node:crypto";

/** Standard Webhooks' recommended tolerance against replays of old deliveries. */
const TIMESTAMP_TOLERANCE_S = 5 * 60;

/** What the checks read of a request's headers (a fetch Headers, or node's, adapted). */
export interface HeaderReader {
  get(name: string): string | null;
}

export function verifySignature(
  scheme: "standard-webhooks" | "github",
  secret: string,
  headers: HeaderReader,
  raw: Buffer,
  now: Date,
): boolean {
  return scheme === "github"
    ? verifyGithub(secret, headers, raw)
    : verifyStandardWebhooks(secret, headers, raw, now);
}

function verifyGithub(secret: string, headers: HeaderReader, raw: Buffer): boolean {
  const header = headers.get("x-hub-signature-256") ?? "";
  if (!header.startsWith("sha256=")) return false;
  const expected = createHmac("sha256", secret).update(raw).digest("hex");
  return safeEqual(header.slice("sha256=".length), expected);
}

function verifyStandardWebhooks(secret: string, headers: HeaderReader, raw: Buffer, now: Date) {
  const id = headers.get("webhook-id");
  const timestamp = headers.get("webhook-timestamp");
  const signatures = headers.get("webhook-signature");
  if (!id || !timestamp || !signatures || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > TIMESTAMP_TOLERANCE_S) return false;
  // The secret is base64 after its "whsec_" prefix.
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key)
    .update(`${id}.${timestamp}.`)
    .update(raw)
    .digest("base64");
  // Space-separated "v1,<base64>" entries (several while the sender rotates secrets).
  return signatures
    .split(" ")
    .some((entry) => entry.startsWith("v1,") && safeEqual(entry.slice(3), expected));
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
