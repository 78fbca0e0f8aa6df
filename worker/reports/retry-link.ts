import { createHmac, timingSafeEqual } from "node:crypto";
import { developmentSecret } from "../dev-secrets";

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
  return developmentSecret("link-secret");
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
