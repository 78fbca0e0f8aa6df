import { createHash, randomBytes } from "node:crypto";

/** Every key starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = "sy_";

/** A new key: sy_ + 32 random bytes, base64url. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString("base64url");
}

/**
 * Keys are stored only as SHA-256: they are high-entropy random strings, so a
 * fast hash is enough (no password-style stretching) and allows a unique lookup.
 */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** What lists show to recognise a key: the prefix and the first characters. */
export function displayPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + 6);
}
