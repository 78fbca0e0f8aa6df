import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readableIssue } from "../../../worker/engine/readable-issues";

const schema = z.object({
  channel: z.string().trim().min(1),
  issueNumber: z.number().int().positive(),
  title: z.string().max(10),
  url: z.url(),
  method: z.enum(["GET", "POST"]),
  labels: z.array(z.string()).min(1),
  attempts: z.number().min(1).max(5),
});
const good = {
  channel: "general",
  issueNumber: 1,
  title: "short",
  url: "https://example.com",
  method: "GET",
  labels: ["a"],
  attempts: 3,
};

/** The one message a value of `field` gets. */
function messageFor(field: keyof typeof good, value: unknown): string | undefined {
  const input: Record<string, unknown> = { ...good, [field]: value };
  if (value === undefined) delete input[field];
  const result = schema.safeParse(input, { error: readableIssue });
  expect(result.success).toBe(false);
  return result.error?.issues.find((i) => i.path[0] === field)?.message;
}

describe("readableIssue: which field, and what to do", () => {
  it.each([
    { field: "channel", value: undefined, message: "Channel is required: fill it in." },
    { field: "issueNumber", value: undefined, message: "Issue Number is required: fill it in." },
    { field: "channel", value: "", message: "must not be empty" },
    { field: "issueNumber", value: "7", message: "must be a number" },
    { field: "issueNumber", value: 1.5, message: "must be a whole number" },
    { field: "issueNumber", value: 0, message: "must be more than 0" },
    { field: "attempts", value: 0, message: "must be at least 1" },
    { field: "attempts", value: 9, message: "must be at most 5" },
    {
      field: "title",
      value: "x".repeat(12),
      message: "must be at most 10 characters long; this one has 12",
    },
    {
      field: "url",
      value: "nope",
      message: "must be a full URL, such as https://example.com/path",
    },
    { field: "method", value: "PUT", message: "must be one of: GET, POST" },
    { field: "labels", value: [], message: "needs at least one entry" },
  ] as const)("$field = $value: $message", ({ field, value, message }) => {
    expect(messageFor(field, value)).toBe(message);
  });
});
