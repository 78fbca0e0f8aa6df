import { describe, expect, it } from "vitest";
import { failure, onlyRequest, runAction, useFakeApi } from "./harness";

const fake = useFakeApi();
const WEBHOOK_ID = "1224670000000000000";
const WEBHOOK_TOKEN = "k3Yp-Abc_DEF123token";
const PATH = `/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`;

const send = (input: Record<string, unknown> = {}) =>
  runAction(
    fake.api,
    "discord.send_webhook_message",
    {
      webhookUrl: `https://discord.com/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`,
      content: "Build #42 passed",
      ...input,
    },
    null,
  );

// https://discord.com/developers/docs/resources/message#message-object (as a webhook posts it)
const message = {
  type: 0,
  content: "Build #42 passed",
  mentions: [],
  mention_roles: [],
  attachments: [],
  embeds: [],
  timestamp: "2024-04-02T10:15:30.123000+00:00",
  edited_timestamp: null,
  flags: 0,
  components: [],
  id: "1224675203874537513",
  channel_id: "1070000000000000000",
  author: { id: WEBHOOK_ID, username: "CI", avatar: null, discriminator: "0000", bot: true },
  pinned: false,
  mention_everyone: false,
  tts: false,
  webhook_id: WEBHOOK_ID,
};

describe("discord.send_webhook_message", () => {
  it("executes the webhook with wait=true, no credentials, mentions off", async () => {
    fake.api.script(PATH, [{ json: message }]);
    expect(await send({ username: "CI" })).toEqual({
      id: "1224675203874537513",
      channelId: "1070000000000000000",
      timestamp: "2024-04-02T10:15:30.123000+00:00",
    });
    const sent = onlyRequest(fake.api);
    expect(sent).toMatchObject({ method: "POST", query: { wait: "true" } });
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.headers["idempotency-key"]).toBeUndefined();
    expect(sent.json).toEqual({
      content: "Build #42 passed",
      username: "CI",
      allowed_mentions: { parse: [] },
    });
  });

  it("posts into a thread and lets mentions through when asked", async () => {
    fake.api.script(PATH, [{ json: message }]);
    await send({
      // Older and canary hosts, with an API version, name the same webhook.
      webhookUrl: `https://canary.discordapp.com/api/v10/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`,
      threadId: "1070000000000000001",
      allowMentions: true,
    });
    const sent = onlyRequest(fake.api);
    expect(sent.query).toEqual({ wait: "true", thread_id: "1070000000000000001" });
    expect(sent.json).toEqual({ content: "Build #42 passed" });
  });

  it("accepts only Discord webhook URLs, so no other host is ever called", async () => {
    const err = await failure(send({ webhookUrl: `${fake.api.url}/webhooks/1/abc` }));
    expect(err.errorClass).toBe("input_validation");
    expect(err.message).toMatch(/webhookUrl: a Discord webhook URL/);
    expect(fake.api.requests).toHaveLength(0);
  });

  it("treats an invalid webhook token (401) as a wrong input, not a broken connection", async () => {
    fake.api.script(PATH, [
      { status: 401, json: { message: "Invalid Webhook Token", code: 50027 } },
    ]);
    const err = await failure(send());
    expect(err).toMatchObject({ errorClass: "http_4xx", authBroken: false, retryable: false });
    expect(err.message).toBe("Discord (HTTP 401): Invalid Webhook Token");
  });

  it("retries a 429 after its Retry-After", async () => {
    fake.api.script(PATH, [
      {
        status: 429,
        headers: { "retry-after": "2" },
        json: { message: "You are being rate limited.", retry_after: 1.5, global: false },
      },
    ]);
    expect(await failure(send())).toMatchObject({
      errorClass: "http_429",
      retryable: true,
      retryAfterMs: 2_000,
    });
  });

  it("lists Discord's per-field errors for an invalid body", async () => {
    fake.api.script(PATH, [
      {
        status: 400,
        json: {
          message: "Invalid Form Body",
          code: 50035,
          errors: {
            username: {
              _errors: [
                { code: "USERNAME_INVALID_CONTAINS", message: 'Username cannot contain "discord"' },
              ],
            },
          },
        },
      },
    ]);
    const err = await failure(send({ username: "discord bot" }));
    expect(err).toMatchObject({ errorClass: "http_4xx", retryable: false, httpStatus: 400 });
    expect(err.message).toBe(
      'Discord (HTTP 400): Invalid Form Body: username: Username cannot contain "discord"',
    );
  });

  it("names a deleted webhook", async () => {
    fake.api.script(PATH, [{ status: 404, json: { message: "Unknown Webhook", code: 10015 } }]);
    expect((await failure(send())).message).toBe("Discord (HTTP 404): Unknown Webhook");
  });
});
