import { describe, expect, it } from "vitest";
import { slack } from "../../../fakes/provider-responses";
import { expectAuthorised, failure, onlyRequest, runAction, useFakeApi } from "./harness";

const fake = useFakeApi();
const PATH = slack.postMessagePath;
const post = (input: Record<string, unknown> = {}) =>
  runAction(fake.api, "slack.post_message", {
    channel: slack.channel,
    text: "Deploy done",
    ...input,
  });

const { posted } = slack;

describe("slack.post_message", () => {
  it("posts JSON to chat.postMessage with the bot token and returns channel and ts", async () => {
    fake.api.script(PATH, [posted]);
    const output = await post({ threadTs: "1503435900.000100", blocks: [{ type: "divider" }] });
    expect(output).toEqual({ channel: "C123ABC456", ts: "1503435956.000247" });

    const sent = onlyRequest(fake.api);
    expect(sent.method).toBe("POST");
    expectAuthorised(sent);
    expect(sent.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(sent.json).toEqual({
      channel: "C123ABC456",
      text: "Deploy done",
      thread_ts: "1503435900.000100",
      blocks: [{ type: "divider" }],
      unfurl_links: true,
    });
  });

  it("returns the thread of a reply", async () => {
    fake.api.script(PATH, [
      {
        json: {
          ...posted.json,
          message: { ...posted.json.message, thread_ts: "1503435900.000100" },
        },
      },
    ]);
    expect(await post({ threadTs: "1503435900.000100" })).toMatchObject({
      threadTs: "1503435900.000100",
    });
  });

  it.each(["invalid_auth", "token_revoked", "not_authed"])(
    "marks the connection broken on ok:false %s (HTTP 200)",
    async (code) => {
      fake.api.script(PATH, [slack.failure(code)]);
      const err = await failure(post());
      expect(err).toMatchObject({ errorClass: "auth", authBroken: true, retryable: false });
      expect(err.message).toBe(`Slack: ${code}`);
    },
  );

  it("retries ok:false ratelimited, and an HTTP 429 after its Retry-After", async () => {
    fake.api.script(PATH, [slack.failure("ratelimited"), slack.rateLimited]);
    expect(await failure(post())).toMatchObject({ errorClass: "http_429", retryable: true });
    expect(await failure(post())).toMatchObject({
      errorClass: "http_429",
      retryable: true,
      retryAfterMs: 30_000,
      httpStatus: 429,
    });
  });

  it("retries Slack's own transient errors", async () => {
    fake.api.script(PATH, [slack.failure("service_unavailable")]);
    expect(await failure(post())).toMatchObject({ errorClass: "http_5xx", retryable: true });
  });

  it("fails any other ok:false permanently, naming Slack's error", async () => {
    fake.api.script(PATH, [slack.failure("channel_not_found")]);
    const err = await failure(post({ channel: "#nope" }));
    expect(err).toMatchObject({ errorClass: "http_4xx", retryable: false, authBroken: false });
    expect(err.message).toBe("Slack: channel_not_found");
  });

  it("rejects a malformed thread timestamp before calling Slack", async () => {
    const err = await failure(post({ threadTs: "yesterday" }));
    expect(err.errorClass).toBe("input_validation");
    expect(fake.api.requests).toHaveLength(0);
  });
});
