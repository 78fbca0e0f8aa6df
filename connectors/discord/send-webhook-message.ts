import { z } from "zod";
import { defineAction } from "../_sdk/define";
import { callApi } from "../_sdk/provider-api";
import { discord, webhookPath, webhookUrlField } from "./api";

const input = z.object({
  webhookUrl: webhookUrlField,
  content: z.string().min(1).max(2_000).describe("Message text (Discord Markdown)"),
  username: z.string().min(1).max(80).optional().describe("Name to show instead of the webhook's"),
  avatarUrl: z
    .url({ protocol: /^https$/ })
    .optional()
    .describe("Image URL to show instead of the webhook's avatar"),
  threadId: z
    .string()
    .regex(/^\d+$/, "a numeric ID")
    .optional()
    .describe("ID of a thread in the webhook's channel to post in"),
  allowMentions: z
    .boolean()
    .default(false)
    .describe("Let @everyone, @here, role and user mentions in the text notify people"),
});

// https://discord.com/developers/docs/resources/message#message-object
const response = z.object({
  id: z.string(),
  channel_id: z.string(),
  timestamp: z.string(),
});

const output = z.object({
  id: z.string().describe("ID of the new message"),
  channelId: z.string().describe("ID of the channel (or thread) it was posted in"),
  timestamp: z.string().describe("When it was posted (ISO 8601)"),
});

export const sendWebhookMessage = defineAction({
  key: "send_webhook_message",
  displayName: "Send message via webhook",
  description: "Post a message to a Discord channel through one of its webhooks.",
  input,
  output,
  idempotencyHeader: null,
  async run(ctx, { webhookUrl, content, username, avatarUrl, threadId, allowMentions }) {
    // https://discord.com/developers/docs/resources/webhook#execute-webhook
    const message = await callApi(
      ctx.http,
      discord,
      {
        method: "POST",
        url: webhookPath(webhookUrl),
        // wait=true: answer with the created message instead of 204.
        query: { wait: true, ...(threadId !== undefined && { thread_id: threadId }) },
        json: {
          content,
          username,
          avatar_url: avatarUrl,
          // Text from earlier steps should not ping a whole server unless asked to.
          ...(!allowMentions && { allowed_mentions: { parse: [] } }),
        },
      },
      response,
    );
    return { id: message.id, channelId: message.channel_id, timestamp: message.timestamp };
  },
});
