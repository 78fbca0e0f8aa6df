import { z } from "zod";
import { defineAction } from "../_sdk/define";
import { callApi } from "../_sdk/provider-api";
import { x } from "./api";

const POST_ID = /^\d{1,19}$/;

const input = z.object({
  text: z
    .string()
    .min(1)
    .max(4_000)
    .describe("Text of the post (280 characters without X Premium)"),
  replyToPostId: z
    .string()
    .regex(POST_ID, "a numeric post ID")
    .optional()
    .describe("ID of the post to reply to"),
  quotePostId: z
    .string()
    .regex(POST_ID, "a numeric post ID")
    .optional()
    .describe("ID of the post to quote"),
});

// https://docs.x.com/x-api/posts/create-post (201 response)
const response = z.object({
  data: z.object({ id: z.string(), text: z.string() }),
});

const output = z.object({
  id: z.string().describe("ID of the new post"),
  text: z.string().describe("Text of the post as X stored it"),
  url: z.string().describe("Web address of the post"),
});

export const post = defineAction({
  key: "post",
  displayName: "Create post",
  description: "Publish a post (tweet) on X, optionally as a reply or a quote.",
  input,
  output,
  scopes: ["tweet.read", "tweet.write", "users.read"],
  idempotencyHeader: null,
  async run(ctx, { text, replyToPostId, quotePostId }) {
    // https://docs.x.com/x-api/posts/create-post
    const { data } = await callApi(
      ctx.http,
      x,
      {
        method: "POST",
        url: "/2/tweets",
        json: {
          text,
          reply: replyToPostId === undefined ? undefined : { in_reply_to_tweet_id: replyToPostId },
          quote_tweet_id: quotePostId,
        },
      },
      response,
    );
    return { id: data.id, text: data.text, url: `https://x.com/i/web/status/${data.id}` };
  },
});
