import { z } from "zod";
import { defineAction } from "../_sdk/define";
import { callApi } from "../_sdk/provider-api";
import { github, repositoryFields, repositoryPath } from "./api";

const input = z.object({
  ...repositoryFields,
  title: z.string().min(1).max(256).describe("Issue title"),
  body: z.string().max(65_536).optional().describe("Issue description (Markdown)"),
  labels: z
    .array(z.string().min(1))
    .optional()
    .describe("Labels to add; only people with push access can set them"),
  assignees: z
    .array(z.string().min(1))
    .optional()
    .describe("Logins of the users to assign; only people with push access can set them"),
});

// https://docs.github.com/en/rest/issues/issues#create-an-issue (201 response example)
const response = z.object({
  id: z.number().int(),
  number: z.number().int(),
  html_url: z.string(),
  state: z.string(),
  title: z.string(),
});

const output = z.object({
  id: z.number().int().describe("Issue ID, unique across GitHub"),
  number: z.number().int().describe("Issue number within the repository"),
  url: z.string().describe("Web address of the issue"),
  state: z.string().describe('"open" for a new issue'),
});

export const createIssue = defineAction({
  key: "create_issue",
  displayName: "Create issue",
  description: "Open a new issue in a GitHub repository.",
  input,
  output,
  scopes: ["repo"],
  idempotencyHeader: null,
  async run(ctx, { owner, repo, title, body, labels, assignees }) {
    // https://docs.github.com/en/rest/issues/issues#create-an-issue
    const issue = await callApi(
      ctx.http,
      github,
      {
        method: "POST",
        url: `${repositoryPath(owner, repo)}/issues`,
        json: { title, body, labels, assignees },
      },
      response,
    );
    return { id: issue.id, number: issue.number, url: issue.html_url, state: issue.state };
  },
});
