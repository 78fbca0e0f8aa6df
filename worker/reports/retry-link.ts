import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Not `new URL("../../.data", import.meta.url)`: Next's bundler would treat it as an asset.
const DEFAULT_DATA_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  ".data",
);
const ENV_NAME = "SWITCHYARD_LINK_SECRET";
/** A retry link works for a week; the run page's button works forever. */
const LINK_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface RetryLinkClaims {
  runId: string;
  /** The generation the report was about: once retried, the link is spent. */
  generation: number;
  /** Expiry, ms since epoch. */
  exp: number;
}

/**
 * The HMAC secret for links in emails: SWITCHYARD_LINK_SECRET, or in
 * development a random one kept in .data/link-secret (created once, shared by
 * the web app and the workers of this checkout). Production must set it.
 */
export async function linkSecret(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const configured = env[ENV_NAME];
  if (configured) return configured;
  if (env.NODE_ENV === "production") throw new Error(`${ENV_NAME} must be set in production`);
  const file = path.join(DEFAULT_DATA_DIR, "link-secret");
  await fs.mkdir(DEFAULT_DATA_DIR, { recursive: true, mode: 0o700 });
  await fs
    .writeFile(file, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 })
    .catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "EEXIST") throw err;
    });
  return (await fs.readFile(file, "utf8")).trim();
}

export function signRetryToken(secret: string, runId: string, generation: number, now: Date) {
  const claims: RetryLinkClaims = { runId, generation, exp: now.getTime() + LINK_TTL_MS };
  const body = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${body}.${mac(secret, body)}`;
}

/** The claims of a genuine, unexpired token; null for anything forged, altered or expired. */
export function verifyRetryToken(secret: string, token: string, now: Date): RetryLinkClaims | null {
  const [body, signature, extra] = token.split(".");
  if (!body || !signature || extra !== undefined) return null;
  const expected = Buffer.from(mac(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as RetryLinkClaims;
  return claims.exp > now.getTime() ? claims : null;
}

function mac(secret: string, body: string) {
  return createHmac("sha256", secret).update(`retry:${body}`).digest("base64url");
}
