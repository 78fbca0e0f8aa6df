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
const PATH = "/2/tweets";
const ID = "1445880548472328192";

const post = (input: Record<string, unknown> = {}) =>
  runAction(fake.api, "x.post", { text: "Hello world!", ...input });

// https://docs.x.com/x-api/posts/create-post (201 example)
const created = { data: { id: ID, text: "Hello world!", edit_history_tweet_ids: [ID] } };

describe("x.post", () => {
  it("creates the post and returns its ID and URL", async () => {
    fake.api.script(PATH, [{ status: 201, json: created }]);
    expect(await post()).toEqual({
      id: ID,
      text: "Hello world!",
      url: `https://x.com/i/web/status/${ID}`,
    });
    const sent = onlyRequest(fake.api);
    expect(sent.method).toBe("POST");
    expectAuthorised(sent);
    expect(sent.json).toEqual({ text: "Hello world!" });
  });

  it("sends a reply and a quote in X's nested shape", async () => {
    fake.api.script(PATH, [{ status: 201, json: created }]);
    await post({ replyToPostId: "1445880548472328100", quotePostId: "1445880548472328000" });
    expect(onlyRequest(fake.api).json).toEqual({
      text: "Hello world!",
      reply: { in_reply_to_tweet_id: "1445880548472328100" },
      quote_tweet_id: "1445880548472328000",
    });
  });

  it("surfaces a duplicate post (403) as permanent, not as a broken connection", async () => {
    fake.api.script(PATH, [
      {
        status: 403,
        json: {
          detail: "You are not allowed to create a Tweet with duplicate content.",
          type: "about:blank",
          title: "Forbidden",
          status: 403,
        },
      },
    ]);
    const err = await failure(post());
    expect(err).toMatchObject({ errorClass: "http_4xx", authBroken: false, retryable: false });
    expect(err.message).toBe(
      "X (HTTP 403): You are not allowed to create a Tweet with duplicate content.",
    );
  });

  itMapsHttpErrors(
    () => fake.api,
    () => ({
      run: () => post(),
      path: PATH,
      unauthorized: {
        json: { title: "Unauthorized", type: "about:blank", status: 401, detail: "Unauthorized" },
      },
      rateLimited: {
        headers: { "x-rate-limit-remaining": "0", "x-rate-limit-reset": "1713000000" },
        json: {
          title: "Too Many Requests",
          detail: "Too Many Requests",
          type: "about:blank",
          status: 429,
        },
      },
      invalid: {
        status: 400,
        json: {
          errors: [
            {
              parameters: { "reply.in_reply_to_tweet_id": ["1"] },
              message: "The `reply.in_reply_to_tweet_id` query parameter value [1] is not valid",
            },
          ],
          title: "Invalid Request",
          detail: "One or more parameters to your request was invalid.",
          type: "https://api.twitter.com/2/problems/invalid-request",
        },
      },
      invalidMessage:
        "X (HTTP 400): One or more parameters to your request was invalid: The `reply.in_reply_to_tweet_id` query parameter value [1] is not valid",
    }),
  );
});
