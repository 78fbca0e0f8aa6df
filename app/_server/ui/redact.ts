// Inputs and outputs are shown on the run page; credentials that a user typed into a
// header or that an API echoed back must not be. Redaction is by key name, plus bearer
// strings wherever they appear, and it runs on the server so secrets never reach a browser.
const SECRET_KEY =
  /authorization|cookie|api[-_]?key|token|secret|password|passwd|credential|session/i;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;

export const REDACTED = "[redacted]";

export function redact(value: unknown): unknown {
  if (typeof value === "string") return value.replace(BEARER, `$1 ${REDACTED}`);
  if (Array.isArray(value)) return value.map(redact);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [key, SECRET_KEY.test(key) ? REDACTED : redact(v)]),
    );
  }
  return value;
}
