// GitHub REST API: shared headers, error shape and repository fields.
// https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api
import { z } from "zod";
import { joinMessages, type ProviderApi } from "../_sdk/provider-api";

// https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api#validation-failed
const errorSchema = z.object({
  message: z.string(),
  errors: z
    .array(
      z.union([
        z.string(),
        z.object({
          message: z.string().optional(),
          field: z.string().optional(),
          code: z.string().optional(),
        }),
      ]),
    )
    .optional(),
});

export const github: ProviderApi = {
  name: "GitHub",
  headers: {
    // https://docs.github.com/en/rest/about-the-rest-api/api-versions
    accept: "application/vnd.github+json",
    "x-github-api-version": "2022-11-28",
  },
  parseError(body) {
    const parsed = errorSchema.safeParse(body);
    if (!parsed.success) return undefined;
    const { message, errors = [] } = parsed.data;
    const details = errors.map((e) =>
      typeof e === "string" ? e : (e.message ?? joinMessages(e.field, e.code)),
    );
    // Primary and secondary rate limits come as 403 (or 429) with this wording.
    // https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api
    const kind = /rate limit/i.test(message) ? "rate_limit" : undefined;
    return { message: joinMessages(message, details.join("; ")), kind };
  },
};

const NAME = /^[A-Za-z0-9_.-]+$/;

export const repositoryFields = {
  owner: z
    .string()
    .regex(NAME, "letters, digits, '-', '_' or '.'")
    .describe("Owner of the repository: a user or organisation login, e.g. octocat"),
  repo: z
    .string()
    .regex(NAME, "letters, digits, '-', '_' or '.'")
    .describe("Repository name, without the owner, e.g. hello-world"),
};

export function repositoryPath(owner: string, repo: string): string {
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
}
