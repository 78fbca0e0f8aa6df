import { z } from "zod";
import { defineAction } from "../_sdk/define";
import { callApi } from "../_sdk/provider-api";
import { demoTracker } from "./api";

const input = z.object({
  issueNumber: z.number().int().positive().describe("Number of the issue to comment on"),
  body: z.string().trim().min(1).max(65_536).describe("Comment text"),
});

// POST /tracker/issues/:number/comments → 201
const response = z.object({
  id: z.string(),
  issueNumber: z.number().int(),
  body: z.string(),
  createdAt: z.string(),
});

const output = z.object({
  id: z.string().describe("Comment ID"),
  issueNumber: z.number().int().describe("Number of the issue commented on"),
  createdAt: z.string().describe("When the comment was posted (ISO 8601)"),
});

export const commentOnIssue = defineAction({
  key: "comment_on_issue",
  displayName: "Comment on issue",
  description: "Add a comment to a Demo Tracker issue.",
  input,
  output,
  // Demo Tracker honours Idempotency-Key (the default header): a retry never comments twice.
  async run(ctx, { issueNumber, body }) {
    const comment = await callApi(
      ctx.http,
      demoTracker,
      { method: "POST", url: `issues/${issueNumber}/comments`, json: { body } },
      response,
    );
    return { id: comment.id, issueNumber: comment.issueNumber, createdAt: comment.createdAt };
  },
});
