// Response headers every answer of ours carries, pages (proxy.ts) and the intake front's
// own JSON answers alike. Pages add their nonce-based Content-Security-Policy
// (app/_lib/page-security.ts); answers that are data, never documents, get DATA_CSP.

export interface SecurityHeaderOptions {
  /** SWITCHYARD_HSTS: only for deployments served over TLS (docs/deploy.md). */
  hsts: boolean;
}

/** Two years, subdomains included: what the HSTS preload list asks for. */
export const HSTS_VALUE = "max-age=63072000; includeSubDomains";

/** For JSON and other data: nothing may load, nothing may frame it. */
export const DATA_CSP = "default-src 'none'; frame-ancestors 'none'";

export function baseSecurityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    // Browsers without CSP frame-ancestors; the CSP says the same.
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    ...(options.hsts && { "strict-transport-security": HSTS_VALUE }),
  };
}

/** The intake front's own answers (webhooks, health, its 404 and 502). */
export function dataAnswerHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    ...baseSecurityHeaders(options),
    "content-security-policy": DATA_CSP,
    "referrer-policy": "no-referrer",
  };
}
