import { describe, expect, it } from "vitest";
import { facebookPages } from "../../../fakes/provider-responses";
import { expectAuthorised, failure, runAction, TOKEN, useFakeApi } from "./harness";

const fake = useFakeApi();
const PAGE_PATH = facebookPages.pagePath;
const FEED_PATH = facebookPages.feedPath;
const PAGE_TOKEN = facebookPages.pageToken;
const POST_ID = facebookPages.postId;

const publish = (input: Record<string, unknown> = {}) =>
  runAction(fake.api, "facebook-pages.publish_post", {
    pageId: facebookPages.pageId,
    message: "We're open on Sunday!",
    ...input,
  });

function scriptPageToken(): void {
  fake.api.script(PAGE_PATH, [facebookPages.pageWithToken]);
}

describe("facebook-pages.publish_post", () => {
  it("fetches the page token with the user's token, then posts to the feed with it", async () => {
    scriptPageToken();
    fake.api.script(FEED_PATH, [facebookPages.published]);
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
    fake.api.script(PAGE_PATH, [facebookPages.pageWithoutToken]);
    const err = await failure(publish());
    expect(err).toMatchObject({ errorClass: "http_4xx", retryable: false });
    expect(err.message).toMatch(/^Facebook: The connected account cannot post as page/);
    expect(fake.api.requestsTo(FEED_PATH)).toHaveLength(0);
  });

  it("marks the connection broken on an expired token, which Graph sends as 400 code 190", async () => {
    fake.api.script(PAGE_PATH, [facebookPages.sessionExpired]);
    const err = await failure(publish());
    expect(err).toMatchObject({ errorClass: "auth", authBroken: true, retryable: false });
    expect(err.message).toContain("Session has expired");
  });

  it("marks the connection broken on 401 too", async () => {
    fake.api.script(PAGE_PATH, [facebookPages.invalidToken]);
    expect(await failure(publish())).toMatchObject({ errorClass: "auth", authBroken: true });
  });

  it("retries a page rate limit (code 32), honouring Retry-After when sent", async () => {
    scriptPageToken();
    fake.api.script(FEED_PATH, [facebookPages.pageRateLimit]);
    expect(await failure(publish())).toMatchObject({
      errorClass: "http_429",
      retryable: true,
      retryAfterMs: 30_000,
    });
  });

  it("retries an error Graph flags as transient", async () => {
    scriptPageToken();
    fake.api.script(FEED_PATH, [facebookPages.transient]);
    expect(await failure(publish())).toMatchObject({ errorClass: "http_5xx", retryable: true });
  });

  it("fails an invalid parameter permanently with Graph's message", async () => {
    scriptPageToken();
    fake.api.script(FEED_PATH, [facebookPages.invalidParameter]);
    const err = await failure(publish());
    expect(err).toMatchObject({ errorClass: "http_4xx", retryable: false, httpStatus: 400 });
    expect(err.message).toBe("Facebook (HTTP 400): (#100) The parameter link is not a valid URL");
  });
});
