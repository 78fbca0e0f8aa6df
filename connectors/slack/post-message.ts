import { z } from "zod";
import { defineAction } from "../_sdk/define";
import { callSlack } from "./api";

const input = z.object({
  channel: z
    .string()
    .min(1)
    .describe("Channel ID (C0123ABCD), or a channel name such as #general, or a user ID for a DM"),
  text: z
    .string()
    .min(1)
    .max(40_000)
    .describe("Message text (Slack mrkdwn); also the notification text when blocks are given"),
  threadTs: z
    .string()
    .regex(/^\d+\.\d+$/, "a message timestamp such as 1503435956.000247")
    .optional()
    .describe("Timestamp (ts) of the parent message, to reply in its thread"),
  blocks: z
    .array(z.record(z.string(), z.unknown()))
    .max(50)
    .optional()
    .describe("Block Kit blocks, as JSON, for a rich layout"),
  unfurlLinks: z.boolean().default(true).describe("Show previews of links in the message"),
});

// https://api.slack.com/methods/chat.postMessage#examples
const response = z.object({
  ok: z.literal(true),
  channel: z.string(),
  ts: z.string(),
  message: z.object({ text: z.string().optional(), thread_ts: z.string().optional() }).optional(),
});

const output = z.object({
  channel: z.string().describe("ID of the channel the message was posted in"),
  ts: z.string().describe("Timestamp that identifies the message; use it to reply in its thread"),
  threadTs: z.string().optional().describe("Timestamp of the thread's parent, for a reply"),
});

export const postMessage = defineAction({
  key: "post_message",
  displayName: "Post message",
  description: "Post a message to a Slack channel, DM or thread.",
  input,
  output,
  scopes: ["chat:write"],
  idempotencyHeader: null,
  async run(ctx, { channel, text, threadTs, blocks, unfurlLinks }) {
    // https://api.slack.com/methods/chat.postMessage
    const body = await callSlack(
      ctx,
      "chat.postMessage",
      { channel, text, thread_ts: threadTs, blocks, unfurl_links: unfurlLinks },
      response,
    );
    return { channel: body.channel, ts: body.ts, threadTs: body.message?.thread_ts };
  },
});
