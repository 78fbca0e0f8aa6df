import { z } from "zod";
import { defineAction } from "../_sdk/define";
import { callApi } from "../_sdk/provider-api";
import { github, repositoryFields, repositoryPath } from "./api";

const input = z.object({
  ...repositoryFields,
  issueNumber: z
    .number()
    .int()
    .positive()
    .describe("Number of the issue or pull request to comment on"),
  body: z.string().min(1).max(65_536).describe("Comment text (Markdown)"),
});

// https://docs.github.com/en/rest/issues/comments#create-an-issue-comment (201 response example)
const response = z.object({
  id: z.number().int(),
  html_url: z.string(),
  created_at: z.string(),
});

const output = z.object({
  id: z.number().int().describe("Comment ID"),
  url: z.string().describe("Web address of the comment"),
  createdAt: z.string().describe("When the comment was created (ISO 8601)"),
});

export const commentOnIssue = defineAction({
  key: "comment_on_issue",
  displayName: "Comment on issue",
  description: "Add a comment to a GitHub issue or pull request.",
  input,
  output,
  scopes: ["repo"],
  idempotencyHeader: null,
  async run(ctx, { owner, repo, issueNumber, body }) {
    // https://docs.github.com/en/rest/issues/comments#create-an-issue-comment
    const comment = await callApi(
      ctx.http,
      github,
      {
        method: "POST",
        url: `${repositoryPath(owner, repo)}/issues/${issueNumber}/comments`,
        json: { body },
      },
      response,
    );
    return { id: comment.id, url: comment.html_url, createdAt: comment.created_at };
  },
});
