import { z } from "zod";
import { defineAction } from "../_sdk/define";
import { ConnectorError } from "../_sdk/errors";
import { callApi } from "../_sdk/provider-api";
import { notion, paragraphs, richText } from "./api";

const input = z.object({
  parentType: z
    .enum(["page", "database"])
    .describe("Create the page inside another page, or as a row of a database"),
  parentId: z
    .string()
    .regex(/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i, "a Notion ID")
    .describe("ID of the parent page or database: the 32 characters at the end of its URL"),
  title: z.string().min(1).max(2_000).describe("Title of the new page"),
  titleProperty: z
    .string()
    .min(1)
    .default("Name")
    .describe('For a database: name of its title column ("Name" unless renamed)'),
  properties: z
    .record(z.string(), z.unknown())
    .optional()
    .describe("For a database: other column values, in Notion's property value format (JSON)"),
  content: z
    .string()
    .max(200_000)
    .optional()
    .describe("Text of the page; blank lines separate paragraphs (at most 100)"),
});

// https://developers.notion.com/reference/page
const response = z.object({
  object: z.literal("page"),
  id: z.string(),
  url: z.string(),
  created_time: z.string(),
});

const output = z.object({
  id: z.string().describe("ID of the new page"),
  url: z.string().describe("Web address of the new page"),
  createdTime: z.string().describe("When the page was created (ISO 8601)"),
});

export const createPage = defineAction({
  key: "create_page",
  displayName: "Create page",
  description: "Create a Notion page inside a page, or as a new row of a database.",
  input,
  output,
  idempotencyHeader: null,
  async run(ctx, { parentType, parentId, title, titleProperty, properties, content }) {
    const page = parentType === "page";
    if (page && properties !== undefined) {
      throw ConnectorError.inputValidation("properties: only a database parent has columns");
    }
    const children = content === undefined ? [] : paragraphs(content);
    if (children.length > 100) {
      throw ConnectorError.inputValidation(
        `content: ${children.length} paragraphs, Notion accepts at most 100`,
      );
    }
    // A page under a page has a single property, "title".
    const titleKey = page ? "title" : titleProperty;
    // https://developers.notion.com/reference/post-page
    const created = await callApi(
      ctx.http,
      notion,
      {
        method: "POST",
        url: "/v1/pages",
        json: {
          parent: page ? { page_id: parentId } : { database_id: parentId },
          properties: { ...properties, [titleKey]: { title: richText(title) } },
          ...(children.length > 0 && { children }),
        },
      },
      response,
    );
    return { id: created.id, url: created.url, createdTime: created.created_time };
  },
});
