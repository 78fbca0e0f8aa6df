import { z } from "zod";
import { defineAction } from "../_sdk/define";
import { callApi } from "../_sdk/provider-api";
import { demoChat } from "./api";

const input = z.object({
  channel: z
    .string()
    .trim()
    .min(1)
    .max(80)
    .describe("Channel to post in: general, alerts or sales"),
  text: z.string().trim().min(1).max(4_000).describe("Message text"),
});

// POST /chat/messages → 201
const response = z.object({
  id: z.string(),
  channel: z.string(),
  text: z.string(),
  author: z.string(),
  ts: z.string(),
});

const output = z.object({
  id: z.string().describe("ID of the posted message"),
  channel: z.string().describe("Channel the message was posted in"),
  author: z.string().describe("Account that posted it: the connected one"),
  ts: z.string().describe("When the message was posted (ISO 8601)"),
});

export const postMessage = defineAction({
  key: "post_message",
  displayName: "Post message",
  description: "Post a message to a Demo Chat channel.",
  input,
  output,
  // Demo Chat honours Idempotency-Key (the default header): a retry never posts twice.
  async run(ctx, { channel, text }) {
    const message = await callApi(
      ctx.http,
      demoChat,
      { method: "POST", url: "messages", json: { channel, text } },
      response,
    );
    return { id: message.id, channel: message.channel, author: message.author, ts: message.ts };
  },
});
