import { describe, expect, it } from "vitest";
import { discord } from "../../../fakes/provider-responses";
import { failure, onlyRequest, runAction, useFakeApi } from "./harness";

const fake = useFakeApi();
const { webhookId: WEBHOOK_ID, webhookToken: WEBHOOK_TOKEN } = discord;
const PATH = discord.webhookPath;

const send = (input: Record<string, unknown> = {}) =>
  runAction(
    fake.api,
    "discord.send_webhook_message",
    { webhookUrl: discord.webhookUrl, content: "Build #42 passed", ...input },
    null,
  );

describe("discord.send_webhook_message", () => {
  it("executes the webhook with wait=true, no credentials, mentions off", async () => {
    fake.api.script(PATH, [discord.posted]);
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
    fake.api.script(PATH, [discord.posted]);
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
    fake.api.script(PATH, [discord.invalidWebhookToken]);
    const err = await failure(send());
    expect(err).toMatchObject({ errorClass: "http_4xx", authBroken: false, retryable: false });
    expect(err.message).toBe("Discord (HTTP 401): Invalid Webhook Token");
  });

  it("retries a 429 after its Retry-After", async () => {
    fake.api.script(PATH, [discord.rateLimited]);
    expect(await failure(send())).toMatchObject({
      errorClass: "http_429",
      retryable: true,
      retryAfterMs: 2_000,
    });
  });

  it("lists Discord's per-field errors for an invalid body", async () => {
    fake.api.script(PATH, [discord.invalidFormBody]);
    const err = await failure(send({ username: "discord bot" }));
    expect(err).toMatchObject({ errorClass: "http_4xx", retryable: false, httpStatus: 400 });
    expect(err.message).toBe(
      'Discord (HTTP 400): Invalid Form Body: username: Username cannot contain "discord"',
    );
  });

  it("names a deleted webhook", async () => {
    fake.api.script(PATH, [discord.unknownWebhook]);
    expect((await failure(send())).message).toBe("Discord (HTTP 404): Unknown Webhook");
  });
});
