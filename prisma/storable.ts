// Postgres stores no NUL character in text or jsonb ("unsupported Unicode escape
// sequence"), so a value holding one must be refused at the edge with a clear 4xx, not
// fail later as a 500 inside a transaction.

/** Whether any string in `value` (object keys included) contains U+0000. */
export function containsNulCharacter(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(containsNulCharacter);
  if (value !== null && typeof value === "object") {
    return Object.entries(value).some(([k, v]) => k.includes("\u0000") || containsNulCharacter(v));
  }
  return false;
}

export const NUL_CHARACTER_MESSAGE =
  "The body contains a NUL character (\\u0000), which cannot be stored; remove it";
