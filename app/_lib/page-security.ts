// The Content-Security-Policy and Referrer-Policy of the app's pages (proxy.ts sets them
// on every answer). Scripts run only with the request's nonce, which Next.js reads from
// the policy and puts on its own scripts ('strict-dynamic' lets those load the chunks).
// Styles allow inline: React Flow and the email preview set style attributes, which no
// nonce can cover, and a style cannot run code.

export interface PagePolicyOptions {
  nonce: string;
  /** `next dev`: React's dev tools evaluate code ('unsafe-eval'); production never does. */
  dev: boolean;
  /** The public origin is https: every http: URL on the page is upgraded. */
  https: boolean;
  /** With NANGO_SECRET_KEY: Nango's API (fetch) and its Connect UI (an iframe). */
  nango?: { apiUrl: string; connectUrl: string };
}

export function pageContentSecurityPolicy(options: PagePolicyOptions): string {
  const { nonce, dev, https, nango } = options;
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${nango ? ` ${new URL(nango.apiUrl).origin}` : ""}`,
    `frame-src 'self'${nango ? ` ${new URL(nango.connectUrl).origin}` : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/**
 * The largest form post or server-action call (Next.js's bodySizeLimit, set to this in
 * next.config.ts). The proxy refuses larger ones with a 413; Next.js would answer 500.
 */
export const SERVER_ACTION_MAX_BODY_BYTES = 1024 * 1024;

/** Pages whose address holds a secret token (emailed approval and retry links). */
const TOKEN_PAGE = /^\/(approvals\/t|r\/retry)\//;

/** No Referer at all from token pages, so a token never leaves in one. */
export function referrerPolicyFor(pathname: string): string {
  return TOKEN_PAGE.test(pathname) ? "no-referrer" : "strict-origin-when-cross-origin";
}

/** A fresh, unguessable nonce per request (128 bits, base64). */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}
