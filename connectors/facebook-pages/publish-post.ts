import { z } from "zod";
import { defineAction } from "../_sdk/define";
import { callApi, providerError } from "../_sdk/provider-api";
import { facebook } from "./api";

const input = z.object({
  pageId: z
    .string()
    .regex(/^\d+$/, "the page's numeric ID")
    .describe("ID of the Facebook Page (Page settings → About → Page ID)"),
  message: z.string().min(1).max(63_206).describe("Text of the post"),
  link: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe("A web address to attach; Facebook shows a preview of it"),
});

// https://developers.facebook.com/docs/pages-api/getting-started#page-access-tokens
const pageTokenResponse = z.object({ id: z.string(), access_token: z.string().optional() });

// https://developers.facebook.com/docs/pages-api/posts#publish-posts (response)
const postResponse = z.object({ id: z.string() });

const output = z.object({
  id: z.string().describe("ID of the new post, as <page id>_<post id>"),
  url: z.string().describe("Web address of the post"),
});

export const publishPost = defineAction({
  key: "publish_post",
  displayName: "Publish post",
  description: "Publish a post on a Facebook Page you manage.",
  input,
  output,
  scopes: ["pages_show_list", "pages_read_engagement", "pages_manage_posts"],
  idempotencyHeader: null,
  async run(ctx, { pageId, message, link }) {
    // A Page posts with its own token, which the connected user's token can fetch.
    // https://developers.facebook.com/docs/pages-api/getting-started#page-access-tokens
    const page = await callApi(
      ctx.http,
      facebook,
      { method: "GET", url: `/${pageId}`, query: { fields: "access_token" } },
      pageTokenResponse,
    );
    if (page.access_token === undefined) {
      throw providerError(facebook, 200, {
        message: `The connected account cannot post as page ${pageId}: it needs a role that can create content on it`,
        kind: "permanent",
      });
    }
    // https://developers.facebook.com/docs/pages-api/posts#publish-posts
    const { id } = await callApi(
      ctx.http,
      facebook,
      {
        method: "POST",
        url: `/${pageId}/feed`,
        headers: { authorization: `Bearer ${page.access_token}` },
        json: { message, link },
      },
      postResponse,
    );
    return { id, url: `https://www.facebook.com/${id}` };
  },
});
