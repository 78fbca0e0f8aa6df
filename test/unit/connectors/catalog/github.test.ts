import { describe, expect, it } from "vitest";
import {
  expectAuthorised,
  failure,
  itMapsHttpErrors,
  onlyRequest,
  runAction,
  useFakeApi,
} from "./harness";

const fake = useFakeApi();
const repo = { owner: "octocat", repo: "Hello-World" };
const ISSUES = "/repos/octocat/Hello-World/issues";
const COMMENTS = "/repos/octocat/Hello-World/issues/1347/comments";

const user = { login: "octocat", id: 1, type: "User", site_admin: false };

// https://docs.github.com/en/rest/issues/issues#create-an-issue (201 example, trimmed)
const issue = {
  id: 1,
  node_id: "MDU6SXNzdWUx",
  url: "https://api.github.com/repos/octocat/Hello-World/issues/1347",
  repository_url: "https://api.github.com/repos/octocat/Hello-World",
  html_url: "https://github.com/octocat/Hello-World/issues/1347",
  number: 1347,
  state: "open",
  title: "Found a bug",
  body: "I'm having a problem with this.",
  user,
  labels: [{ id: 208045946, name: "bug", color: "f29513", default: true }],
  assignees: [user],
  locked: false,
  comments: 0,
  created_at: "2011-04-22T13:33:48Z",
  updated_at: "2011-04-22T13:33:48Z",
  closed_at: null,
  author_association: "OWNER",
};

// https://docs.github.com/en/rest/issues/comments#create-an-issue-comment (201 example)
const comment = {
  id: 1,
  node_id: "MDEyOklzc3VlQ29tbWVudDE=",
  url: "https://api.github.com/repos/octocat/Hello-World/issues/comments/1",
  html_url: "https://github.com/octocat/Hello-World/issues/1347#issuecomment-1",
  body: "Me too",
  user,
  created_at: "2011-04-14T16:00:49Z",
  updated_at: "2011-04-14T16:00:49Z",
  issue_url: "https://api.github.com/repos/octocat/Hello-World/issues/1347",
  author_association: "COLLABORATOR",
};

const createIssue = (input: Record<string, unknown> = {}) =>
  runAction(fake.api, "github.create_issue", { ...repo, title: "Found a bug", ...input });
const commentOnIssue = () =>
  runAction(fake.api, "github.comment_on_issue", { ...repo, issueNumber: 1347, body: "Me too" });

function expectGitHubHeaders(headers: Record<string, unknown>): void {
  expect(headers).toMatchObject({
    accept: "application/vnd.github+json",
    "x-github-api-version": "2022-11-28",
  });
}

describe("github.create_issue", () => {
  it("posts the issue with GitHub's headers and returns its number and URL", async () => {
    fake.api.script(ISSUES, [{ status: 201, json: issue }]);
    const output = await createIssue({
      body: "I'm having a problem with this.",
      labels: ["bug"],
      assignees: ["octocat"],
    });
    expect(output).toEqual({
      id: 1,
      number: 1347,
      url: "https://github.com/octocat/Hello-World/issues/1347",
      state: "open",
    });
    const sent = onlyRequest(fake.api);
    expect(sent.method).toBe("POST");
    expectAuthorised(sent);
    expectGitHubHeaders(sent.headers);
    expect(sent.json).toEqual({
      title: "Found a bug",
      body: "I'm having a problem with this.",
      labels: ["bug"],
      assignees: ["octocat"],
    });
  });

  itMapsHttpErrors(
    () => fake.api,
    () => ({
      run: () => createIssue(),
      path: ISSUES,
      unauthorized: {
        json: { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" },
      },
      rateLimited: {
        json: {
          message:
            "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        },
      },
      invalid: {
        status: 422,
        json: {
          message: "Validation Failed",
          errors: [{ value: "nobody", resource: "Issue", field: "assignees", code: "invalid" }],
          documentation_url: "https://docs.github.com/rest/issues/issues#create-an-issue",
          status: "422",
        },
      },
      invalidMessage: "GitHub (HTTP 422): Validation Failed: assignees: invalid",
    }),
  );

  it("retries the primary rate limit, which GitHub sends as 403", async () => {
    fake.api.script(ISSUES, [
      {
        status: 403,
        headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1713000000" },
        json: { message: "API rate limit exceeded for user ID 1.", status: "403" },
      },
    ]);
    expect(await failure(createIssue())).toMatchObject({ errorClass: "http_429", retryable: true });
  });

  it("keeps a missing permission (403) permanent and the connection intact", async () => {
    fake.api.script(ISSUES, [
      { status: 403, json: { message: "Resource not accessible by integration" } },
    ]);
    const err = await failure(createIssue());
    expect(err).toMatchObject({ errorClass: "http_4xx", retryable: false, authBroken: false });
    expect(err.message).toBe("GitHub (HTTP 403): Resource not accessible by integration");
  });

  it("refuses an owner that would change the path", async () => {
    const err = await failure(createIssue({ owner: "../orgs" }));
    expect(err.errorClass).toBe("input_validation");
    expect(fake.api.requests).toHaveLength(0);
  });

  it("fails a response without the documented fields", async () => {
    fake.api.script(ISSUES, [{ status: 201, json: { ...issue, number: "1347" } }]);
    expect(await failure(createIssue())).toMatchObject({ errorClass: "output_validation" });
  });
});

describe("github.comment_on_issue", () => {
  it("posts the comment and returns its ID and URL", async () => {
    fake.api.script(COMMENTS, [{ status: 201, json: comment }]);
    expect(await commentOnIssue()).toEqual({
      id: 1,
      url: "https://github.com/octocat/Hello-World/issues/1347#issuecomment-1",
      createdAt: "2011-04-14T16:00:49Z",
    });
    const sent = onlyRequest(fake.api);
    expect(sent.method).toBe("POST");
    expectAuthorised(sent);
    expectGitHubHeaders(sent.headers);
    expect(sent.json).toEqual({ body: "Me too" });
  });

  it("names a missing issue with GitHub's message", async () => {
    fake.api.script(COMMENTS, [
      { status: 404, json: { message: "Not Found", documentation_url: "https://docs.github.com" } },
    ]);
    const err = await failure(commentOnIssue());
    expect(err).toMatchObject({ errorClass: "http_4xx", httpStatus: 404, retryable: false });
    expect(err.message).toBe("GitHub (HTTP 404): Not Found");
  });
});
