import { describe, expect, it } from "vitest";
import { expectAuthorised, failure, runAction, TOKEN, useFakeApi } from "./harness";

const fake = useFakeApi();
const PAGE = "104525215393830";
const PAGE_PATH = `/${PAGE}`;
const FEED_PATH = `/${PAGE}/feed`;
const PAGE_TOKEN = "EAAGm0PX4ZCpsBAPageToken";
const POST_ID = `${PAGE}_122101234567890123`;

const publish = (input: Record<string, unknown> = {}) =>
  runAction(fake.api, "facebook-pages.publish_post", {
    pageId: PAGE,
    message: "We're open on Sunday!",
    ...input,
  });

// https://developers.facebook.com/docs/graph-api/guides/error-handling#receiving-errorcodes
function graphError(code: number, message: string, extra: Record<string, unknown> = {}) {
  return { error: { message, type: "OAuthException", code, fbtrace_id: "AWx1y2z3", ...extra } };
}

function scriptPageToken(): void {
  // https://developers.facebook.com/docs/pages-api/getting-started#page-access-tokens
  fake.api.script(PAGE_PATH, [{ json: { access_token: PAGE_TOKEN, id: PAGE } }]);
}

describe("facebook-pages.publish_post", () => {
  it("fetches the page token with the user's token, then posts to the feed with it", async () => {
    scriptPageToken();
    // https://developers.facebook.com/docs/pages-api/posts#publish-posts
    fake.api.script(FEED_PATH, [{ json: { id: POST_ID } }]);
    expect(await publish({ link: "https://example.com/hours" })).toEqual({
      id: POST_ID,
      url: `https://www.facebook.com/${POST_ID}`,
    });

    const [tokenRequest, feedRequest] = fake.api.requests;
    expect(tokenRequest).toMatchObject({
      method: "GET",
      path: PAGE_PATH,
      query: { fields: "access_token" },
    });
    expectAuthorised(tokenRequest!, TOKEN);
    expect(feedRequest).toMatchObject({ method: "POST", path: FEED_PATH });
    expectAuthorised(feedRequest!, PAGE_TOKEN);
    expect(feedRequest?.json).toEqual({
      message: "We're open on Sunday!",
      link: "https://example.com/hours",
    });
  });

  it("explains when the account has no role on the page", async () => {
    fake.api.script(PAGE_PATH, [{ json: { id: PAGE } }]);
    const err = await failure(publish());
    expect(err).toMatchObject({ errorClass: "http_4xx", retryable: false });
    expect(err.message).toMatch(/^Facebook: The connected account cannot post as page/);
    expect(fake.api.requestsTo(FEED_PATH)).toHaveLength(0);
  });

  it("marks the connection broken on an expired token, which Graph sends as 400 code 190", async () => {
    fake.api.script(PAGE_PATH, [
      {
        status: 400,
        json: graphError(
          190,
          "Error validating access token: Session has expired on Tuesday, 02-Apr-24 10:00:00 PDT.",
          { error_subcode: 463 },
        ),
      },
    ]);
    const err = await failure(publish());
    expect(err).toMatchObject({ errorClass: "auth", authBroken: true, retryable: false });
    expect(err.message).toContain("Session has expired");
  });

  it("marks the connection broken on 401 too", async () => {
    fake.api.script(PAGE_PATH, [
      { status: 401, json: graphError(190, "Invalid OAuth access token.") },
    ]);
    expect(await failure(publish())).toMatchObject({ errorClass: "auth", authBroken: true });
  });

  it("retries a page rate limit (code 32), honouring Retry-After when sent", async () => {
    scriptPageToken();
    fake.api.script(FEED_PATH, [
      {
        status: 400,
        headers: { "retry-after": "30" },
        json: graphError(32, "Page request limit reached", { type: "OAuthException" }),
      },
    ]);
    expect(await failure(publish())).toMatchObject({
      errorClass: "http_429",
      retryable: true,
      retryAfterMs: 30_000,
    });
  });

  it("retries an error Graph flags as transient", async () => {
    scriptPageToken();
    fake.api.script(FEED_PATH, [
      {
        status: 500,
        json: graphError(2, "An unexpected error has occurred.", { is_transient: true }),
      },
    ]);
    expect(await failure(publish())).toMatchObject({ errorClass: "http_5xx", retryable: true });
  });

  it("fails an invalid parameter permanently with Graph's message", async () => {
    scriptPageToken();
    fake.api.script(FEED_PATH, [
      { status: 400, json: graphError(100, "(#100) The parameter link is not a valid URL") },
    ]);
    const err = await failure(publish());
    expect(err).toMatchObject({ errorClass: "http_4xx", retryable: false, httpStatus: 400 });
    expect(err.message).toBe("Facebook (HTTP 400): (#100) The parameter link is not a valid URL");
  });
});
