// `{{ trigger.a.b }}` reads the trigger payload; `{{ steps.<nodeId>.a.0.b }}` reads a node's
// output; inside a for-each, `{{ item.a }}` reads the current item. Dot paths; numeric
// segments index arrays. There is no escape for a literal "{{".
import { isRecord } from "./values";

export type TemplateRef = (
  { source: "trigger" } | { source: "item" } | { source: "step"; nodeId: string }
) & {
  /** Keys below the payload or output; empty for the whole value. */
  path: string[];
  /** The template as written, braces included. */
  raw: string;
};

export interface TemplateData {
  trigger: unknown;
  /** Outputs of succeeded nodes only: anything absent resolves to null (R6). */
  steps: Record<string, unknown>;
  /** Inside a for-each: the current item. */
  item?: unknown;
}

type Token =
  | { kind: "text"; text: string }
  | { kind: "ref"; ref: TemplateRef }
  | { kind: "malformed"; raw: string; message: string };

const OPEN = "{{";
const CLOSE = "}}";
// Payload keys come from arbitrary webhooks, so segments allow anything but
// whitespace, dots and braces.
const SEGMENT = /^[^\s.{}]+$/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    const open = text.indexOf(OPEN, pos);
    if (open === -1) {
      tokens.push({ kind: "text", text: text.slice(pos) });
      break;
    }
    if (open > pos) tokens.push({ kind: "text", text: text.slice(pos, open) });
    const close = text.indexOf(CLOSE, open + OPEN.length);
    if (close === -1) {
      const raw = text.slice(open);
      tokens.push({ kind: "malformed", raw, message: `unclosed template "${raw}"` });
      break;
    }
    const raw = text.slice(open, close + CLOSE.length);
    tokens.push(parseExpression(raw, text.slice(open + OPEN.length, close).trim()));
    pos = close + CLOSE.length;
  }
  return tokens;
}

function parseExpression(raw: string, expression: string): Token {
  const malformed = (why: string): Token => ({
    kind: "malformed",
    raw,
    message: `malformed template "${raw}": ${why}`,
  });
  if (expression === "") return malformed("it is empty");
  const segments = expression.split(".");
  if (!segments.every((segment) => SEGMENT.test(segment))) {
    return malformed("use a dot path without spaces, braces or empty segments");
  }
  const [head, ...rest] = segments;
  if (head === "trigger" || head === "item") {
    return { kind: "ref", ref: { source: head, path: rest, raw } };
  }
  const [nodeId, ...path] = rest;
  if (head === "steps" && nodeId !== undefined) {
    return { kind: "ref", ref: { source: "step", nodeId, path, raw } };
  }
  return malformed('start with "trigger", "steps.<nodeId>" or, inside a for-each, "item"');
}

export function containsTemplate(s: string): boolean {
  return tokenize(s).some((token) => token.kind !== "text");
}

/** Calls `visit` for every string inside objects and arrays, with its path from `value`. */
export function forEachString(
  value: unknown,
  visit: (text: string, path: (string | number)[]) => void,
  path: (string | number)[] = [],
): void {
  if (typeof value === "string") visit(value, path);
  else if (Array.isArray(value))
    value.forEach((item, i) => forEachString(item, visit, [...path, i]));
  else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) forEachString(item, visit, [...path, key]);
  }
}

/** Well-formed references in a string, in order of appearance. */
export function referencesIn(text: string): TemplateRef[] {
  return tokenize(text).flatMap((token) => (token.kind === "ref" ? [token.ref] : []));
}

/** Messages for malformed templates in a string. */
export function templateErrorsIn(text: string): string[] {
  return tokenize(text).flatMap((token) => (token.kind === "malformed" ? [token.message] : []));
}

export function findReferences(value: unknown): TemplateRef[] {
  const refs: TemplateRef[] = [];
  forEachString(value, (text) => refs.push(...referencesIn(text)));
  return refs;
}

export function findTemplateErrors(value: unknown): string[] {
  const errors: string[] = [];
  forEachString(value, (text) => errors.push(...templateErrorsIn(text)));
  return errors;
}

/**
 * Replaces templates throughout `value`. A string that is one template (surrounding
 * whitespace aside) becomes the referenced value itself, so numbers and objects keep
 * their type; templates inside longer text are stringified. Missing data is null.
 * Malformed templates are left as written (validation refuses them before a run).
 */
export function resolveTemplates(value: unknown, data: TemplateData): unknown {
  if (typeof value === "string") return resolveString(value, data);
  if (Array.isArray(value)) return value.map((item) => resolveTemplates(item, data));
  if (isRecord(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resolveTemplates(item, data)]),
    );
  }
  return value;
}

/** Text for people to read with its templates filled in: every value as text. */
export function renderText(text: string, data: TemplateData): string {
  return stringify(resolveString(text, data));
}

function resolveString(text: string, data: TemplateData): unknown {
  const tokens = tokenize(text);
  const meaningful = tokens.filter((token) => token.kind !== "text" || token.text.trim() !== "");
  const [only] = meaningful;
  if (meaningful.length === 1 && only?.kind === "ref") return lookup(only.ref, data);
  return tokens
    .map((token) => {
      if (token.kind === "text") return token.text;
      if (token.kind === "malformed") return token.raw;
      return stringify(lookup(token.ref, data));
    })
    .join("");
}

function lookup(ref: TemplateRef, data: TemplateData): unknown {
  let current: unknown;
  if (ref.source === "trigger") current = data.trigger;
  else if (ref.source === "item") current = data.item;
  else if (Object.hasOwn(data.steps, ref.nodeId)) current = data.steps[ref.nodeId];
  else return null;
  for (const segment of ref.path) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)];
    else if (isRecord(current) && Object.hasOwn(current, segment)) current = current[segment];
    else return null;
  }
  return current ?? null;
}

function stringify(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
