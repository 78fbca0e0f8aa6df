import { describe, expect, it } from "vitest";
import {
  expectAuthorised,
  failure,
  itMapsHttpErrors,
  onlyRequest,
  runAction,
  useFakeApi,
} from "./harness";
import { x } from "../../../fakes/provider-responses";

const fake = useFakeApi();
const PATH = x.tweetsPath;
const ID = x.postId;

const post = (input: Record<string, unknown> = {}) =>
  runAction(fake.api, "x.post", { text: "Hello world!", ...input });

const { created } = x;

describe("x.post", () => {
  it("creates the post and returns its ID and URL", async () => {
    fake.api.script(PATH, [created]);
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
    fake.api.script(PATH, [created]);
    await post({ replyToPostId: "1445880548472328100", quotePostId: "1445880548472328000" });
    expect(onlyRequest(fake.api).json).toEqual({
      text: "Hello world!",
      reply: { in_reply_to_tweet_id: "1445880548472328100" },
      quote_tweet_id: "1445880548472328000",
    });
  });

  it("surfaces a duplicate post (403) as permanent, not as a broken connection", async () => {
    fake.api.script(PATH, [x.duplicate]);
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
      unauthorized: x.unauthorized,
      rateLimited: x.tooManyRequests,
      invalid: x.invalidRequest,
      invalidMessage:
        "X (HTTP 400): One or more parameters to your request was invalid: The `reply.in_reply_to_tweet_id` query parameter value [1] is not valid",
    }),
  );
});
