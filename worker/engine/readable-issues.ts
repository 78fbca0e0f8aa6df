// zod's problems in words a person can act on. A message is shown under its field (and in
// the builder's list of problems), so it names the field when something is missing and
// says what to do otherwise, instead of "Invalid input: expected string, received undefined".
import type { z } from "zod";

/** "issueNumber" → "Issue number", "secret_env" → "Secret env", as forms label keys. */
export const humanizeKey = (key: string) =>
  key
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/[_-]/g, " ")
    .replace(/^./, (c) => c.toUpperCase());

const KIND: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "an object",
  array: "a list",
  record: "an object",
};

const FORMAT: Record<string, string> = {
  email: "an email address, such as ann@example.com",
  url: "a full URL, such as https://example.com/path",
  uuid: "an id (a UUID)",
  datetime: "a date and time, such as 2026-12-03T09:00:00Z",
};

/** Pass as `{ error: readableIssue }` to safeParse; undefined keeps zod's own message. */
export const readableIssue: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type": {
      if (issue.input === undefined) {
        const key = [...(issue.path ?? [])].reverse().find((p) => typeof p === "string");
        return key ? `${humanizeKey(key)} is required: fill it in.` : "Required: fill it in.";
      }
      return `must be ${KIND[issue.expected] ?? issue.expected}`;
    }
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "string") {
        return min <= 1 ? "must not be empty" : `must be at least ${min} characters long`;
      }
      if (issue.origin === "array" || issue.origin === "set") {
        return min <= 1 ? "needs at least one entry" : `needs at least ${min} entries`;
      }
      return issue.inclusive ? `must be at least ${min}` : `must be more than ${min}`;
    }
    case "too_big": {
      const max = Number(issue.maximum);
      if (issue.origin === "string") {
        const length =
          typeof issue.input === "string" ? `; this one has ${issue.input.length}` : "";
        return `must be at most ${max} characters long${length}`;
      }
      if (issue.origin === "array" || issue.origin === "set") {
        return `may have at most ${max} entries`;
      }
      return issue.inclusive ? `must be at most ${max}` : `must be less than ${max}`;
    }
    case "invalid_format":
      return FORMAT[issue.format] ? `must be ${FORMAT[issue.format]}` : undefined;
    case "invalid_value":
      return `must be one of: ${issue.values.map((v) => String(v)).join(", ")}`;
    case "unrecognized_keys":
      return `unknown field${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}`;
    default:
      return undefined;
  }
};
