import { z } from "zod";
import { defineAction } from "../_sdk/define";
import { callApi } from "../_sdk/provider-api";
import { demoTracker } from "./api";

const input = z.object({
  title: z.string().trim().min(1).max(256).describe("Issue title"),
  body: z.string().max(65_536).optional().describe("Issue description"),
  labels: z
    .array(z.string().trim().min(1).max(50))
    .max(20)
    .optional()
    .describe("Labels to add, e.g. bug"),
});

// POST /tracker/issues → 201
const response = z.object({
  id: z.string(),
  number: z.number().int(),
  title: z.string(),
  url: z.string(),
  state: z.string(),
});

const output = z.object({
  id: z.string().describe("Issue ID"),
  number: z.number().int().describe("Issue number, to comment on it"),
  url: z.string().describe("Web address of the issue"),
  state: z.string().describe('"open" for a new issue'),
});

export const createIssue = defineAction({
  key: "create_issue",
  displayName: "Create issue",
  description: "Open a new issue in Demo Tracker.",
  input,
  output,
  // Demo Tracker honours Idempotency-Key (the default header): a retry never opens a duplicate.
  async run(ctx, { title, body, labels }) {
    const issue = await callApi(
      ctx.http,
      demoTracker,
      { method: "POST", url: "issues", json: { title, body, labels } },
      response,
    );
    return { id: issue.id, number: issue.number, url: issue.url, state: issue.state };
  },
});
