import { describe, expect, it } from "vitest";
import { github } from "../../../fakes/provider-responses";
import {
  expectAuthorised,
  failure,
  itMapsHttpErrors,
  onlyRequest,
  runAction,
  useFakeApi,
} from "./harness";

const fake = useFakeApi();
const repo = { owner: github.owner, repo: github.repo };
const ISSUES = github.issuesPath;
const COMMENTS = github.commentsPath;
const { issueCreated, commentCreated } = github;

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
    fake.api.script(ISSUES, [issueCreated]);
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
      unauthorized: github.badCredentials,
      rateLimited: github.secondaryRateLimit,
      invalid: github.validationFailed,
      invalidMessage: "GitHub (HTTP 422): Validation Failed: assignees: invalid",
    }),
  );

  it("retries the primary rate limit, which GitHub sends as 403", async () => {
    fake.api.script(ISSUES, [github.primaryRateLimit]);
    expect(await failure(createIssue())).toMatchObject({ errorClass: "http_429", retryable: true });
  });

  it("keeps a missing permission (403) permanent and the connection intact", async () => {
    fake.api.script(ISSUES, [github.notAccessible]);
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
    fake.api.script(ISSUES, [{ ...issueCreated, json: { ...issueCreated.json, number: "1347" } }]);
    expect(await failure(createIssue())).toMatchObject({ errorClass: "output_validation" });
  });
});

describe("github.comment_on_issue", () => {
  it("posts the comment and returns its ID and URL", async () => {
    fake.api.script(COMMENTS, [commentCreated]);
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
    fake.api.script(COMMENTS, [github.notFound]);
    const err = await failure(commentOnIssue());
    expect(err).toMatchObject({ errorClass: "http_4xx", httpStatus: 404, retryable: false });
    expect(err.message).toBe("GitHub (HTTP 404): Not Found");
  });
});
