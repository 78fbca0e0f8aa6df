// What people see of run data — run pages, the REST API, approval previews and emails —
// must not carry credentials. Two layers: values under credential-like keys and bearer
// strings are redacted wherever data is shown (redact), and the exact secrets an attempt
// used are scrubbed from what it returns before anything stores it (scrubSecrets).

const SECRET_KEY =
  /authorization|cookie|api[-_]?key|token|secret|password|passwd|credential|session|signature/i;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;

export const REDACTED = "[redacted]";

/** A copy of `value` with credential-like fields and bearer strings replaced by [redacted]. */
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

/**
 * A copy of `value` with every occurrence of the given secrets (in strings, at any depth,
 * keys included) replaced by [redacted] — for a provider that echoes the token it was sent.
 * Very short values are left alone: scrubbing them would mangle ordinary text.
 */
export function scrubSecrets<T>(value: T, secrets: readonly string[]): T {
  const needles = secrets.filter((s) => s.length >= 8);
  if (needles.length === 0) return value;
  const scrub = (v: unknown): unknown => {
    if (typeof v === "string") {
      return needles.reduce((text, secret) => text.split(secret).join(REDACTED), v);
    }
    if (Array.isArray(v)) return v.map(scrub);
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(Object.entries(v).map(([k, inner]) => [scrub(k), scrub(inner)]));
    }
    return v;
  };
  return scrub(value) as T;
}
