// New issue in a repository. The cursor is the highest issue number seen: issue numbers
// only grow, so "number > cursor" is exactly "opened since the last poll".
import { z } from "zod";
import { defineTrigger } from "../../_sdk/define";
import { callApi } from "../../_sdk/provider-api";
import { github, repositoryFields, repositoryPath } from "../api";

const input = z.object({ ...repositoryFields });

// https://docs.github.com/en/rest/issues/issues#list-repository-issues (response schema)
const response = z.array(
  z.object({
    id: z.number().int(),
    number: z.number().int(),
    title: z.string(),
    body: z.string().nullable().optional(),
    state: z.string(),
    html_url: z.string(),
    created_at: z.string(),
    user: z.object({ login: z.string() }).nullable().optional(),
    labels: z.array(z.union([z.string(), z.object({ name: z.string().optional() })])).optional(),
    // Pull requests are issues to this endpoint; they carry this field.
    pull_request: z.unknown().optional(),
  }),
);

const cursorSchema = z.object({ lastNumber: z.number().int() });
/** One page; more new issues than this between two polls are not seen (docs/triggers.md). */
const PAGE_SIZE = 100;

export const newIssue = defineTrigger({
  key: "new_issue",
  displayName: "New issue",
  description: "Starts a run for every issue opened in a repository (pull requests excluded).",
  input,
  scopes: ["repo"],
  async poll(ctx, { owner, repo }, rawCursor) {
    const issues = await callApi(
      ctx.http,
      github,
      {
        method: "GET",
        url: `${repositoryPath(owner, repo)}/issues`,
        query: { state: "all", sort: "created", direction: "desc", per_page: PAGE_SIZE },
      },
      response,
    );
    const cursor = cursorSchema.safeParse(rawCursor);
    const lastNumber = cursor.success ? cursor.data.lastNumber : 0;
    const highest = Math.max(lastNumber, ...issues.map((issue) => issue.number));
    const fresh = issues
      .filter((issue) => issue.number > lastNumber && issue.pull_request === undefined)
      .sort((a, b) => a.number - b.number);
    return {
      items: fresh.map((issue) => ({
        key: `issue:${issue.id}`,
        payload: {
          id: issue.id,
          number: issue.number,
          title: issue.title,
          body: issue.body ?? null,
          state: issue.state,
          url: issue.html_url,
          createdAt: issue.created_at,
          author: issue.user?.login ?? null,
          labels: (issue.labels ?? []).map((l) => (typeof l === "string" ? l : (l.name ?? ""))),
        },
      })),
      cursor: { lastNumber: highest },
    };
  },
});
