// Condition nodes (R5): compare resolved values. Lenient where users' data usually is:
// webhook payloads and form fields carry numbers as strings.
import { resolveTemplates, type TemplateData } from "./templates";
import type { ConditionSpec } from "./types";
import { isRecord } from "./values";

export function evaluateCondition(spec: ConditionSpec, data: TemplateData): boolean {
  const left = resolveTemplates(spec.left, data);
  const right = resolveTemplates(spec.right, data);
  switch (spec.operator) {
    case "equals":
      return looselyEqual(left, right);
    case "not_equals":
      return !looselyEqual(left, right);
    case "contains":
      return contains(left, right);
    case "greater_than":
      return compareNumbers(left, right, (a, b) => a > b);
    case "less_than":
      return compareNumbers(left, right, (a, b) => a < b);
    case "exists":
      return left !== null && left !== undefined;
    case "not_exists":
      return left === null || left === undefined;
    case "truthy":
      return isTruthy(left);
  }
}

/** Deep equality where a number equals a string holding the same number ("42" == 42). */
function looselyEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a === "number" || typeof b === "number") {
    const x = toNumber(a);
    const y = toNumber(b);
    return x !== null && y !== null && x === y;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => looselyEqual(item, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && looselyEqual(a[key], b[key]))
    );
  }
  return false;
}

function contains(haystack: unknown, needle: unknown): boolean {
  if (typeof haystack === "string") {
    return needle !== null && needle !== undefined && haystack.includes(String(needle));
  }
  if (Array.isArray(haystack)) return haystack.some((item) => looselyEqual(item, needle));
  return false;
}

function compareNumbers(a: unknown, b: unknown, compare: (x: number, y: number) => boolean) {
  const x = toNumber(a);
  const y = toNumber(b);
  return x !== null && y !== null && compare(x, y);
}

function toNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** JS truthiness, except that the strings "false", "0" and "" (after trimming) are false. */
function isTruthy(value: unknown): boolean {
  if (typeof value === "string") return !["", "false", "0"].includes(value.trim().toLowerCase());
  return Boolean(value);
}
