// What every JSON value from outside (webhook payloads, REST bodies) must satisfy before
// anything walks it recursively or stores it:
// - nesting at most MAX_NESTING_DEPTH levels: deeper values overflowed the stack of
//   recursive walks (validation, templates, serialisation) and answered 500;
// - no NUL character: Postgres stores none in text or jsonb ("unsupported Unicode escape
//   sequence"), so it must be a clear 4xx here, not a 500 inside a transaction later.
// The walk is iterative, so it cannot overflow on the values it exists to refuse.
import type { Prisma } from "./client";

/** Levels of objects and arrays inside one another (a flat object is 1). Documented in docs/reliability.md. */
export const MAX_NESTING_DEPTH = 64;

export type StorableProblem =
  { kind: "too_deep"; message: string } | { kind: "nul_character"; message: string };

export const NUL_CHARACTER_MESSAGE =
  "The body contains a NUL character (\\u0000), which cannot be stored; remove it";

export const tooDeepMessage = (maxDepth: number) =>
  `The body nests objects or arrays more than ${maxDepth} levels deep (the limit is ${maxDepth})`;

/** The first reason `value` cannot be taken in, or null when it can. */
export function storableProblem(
  value: unknown,
  maxDepth: number = MAX_NESTING_DEPTH,
): StorableProblem | null {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  let nul = false;
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value: current, depth } = next;
    if (typeof current === "string") {
      nul ||= current.includes("\u0000");
      continue;
    }
    if (current === null || typeof current !== "object") continue;
    if (depth + 1 > maxDepth) return { kind: "too_deep", message: tooDeepMessage(maxDepth) };
    if (Array.isArray(current)) {
      for (const item of current) pending.push({ value: item, depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(current)) {
      nul ||= key.includes("\u0000");
      pending.push({ value: (current as Record<string, unknown>)[key], depth: depth + 1 });
    }
  }
  return nul ? { kind: "nul_character", message: NUL_CHARACTER_MESSAGE } : null;
}

/**
 * A JSON value from outside (a trigger payload) for a Prisma Json column, stored exactly as
 * sent. Prisma rebuilds plain objects key by key (`copy[key] = …`), which turns an own
 * "__proto__" key into a prototype change, so the field vanished; and it reads `$type` keys
 * as its own tagged values. Its "Raw" tag passes the value through untouched, and a value
 * with toJSON() is handed to the wire as that tag without being walked.
 */
export function asJsonColumn(value: unknown): Prisma.InputJsonValue {
  return { toJSON: () => ({ $type: "Raw", value }) } as unknown as Prisma.InputJsonValue;
}
