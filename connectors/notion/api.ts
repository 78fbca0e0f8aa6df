// Notion API: version pin, error shape, and rich text built from plain strings.
// https://developers.notion.com/reference/status-codes
import { z } from "zod";
import type { ProviderApi } from "../_sdk/provider-api";

const errorSchema = z.object({ object: z.literal("error"), code: z.string(), message: z.string() });

export const notion: ProviderApi = {
  name: "Notion",
  // https://developers.notion.com/reference/versioning
  headers: { "notion-version": "2022-06-28" },
  parseError(body) {
    const parsed = errorSchema.safeParse(body);
    if (!parsed.success) return undefined;
    const { code, message } = parsed.data;
    // "Transaction could not be completed ... try again": nothing was written.
    return {
      message: `${message} (${code})`,
      kind: code === "conflict_error" ? "unavailable" : undefined,
    };
  },
};

// https://developers.notion.com/reference/request-limits#limits-for-property-values
const TEXT_LIMIT = 2_000;

/** A rich text array: plain text, cut into pieces of at most 2,000 characters. */
export function richText(text: string): Array<{ type: "text"; text: { content: string } }> {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += TEXT_LIMIT) pieces.push(text.slice(i, i + TEXT_LIMIT));
  return pieces.map((content) => ({ type: "text", text: { content } }));
}

/** One paragraph block per blank-line separated paragraph. */
export function paragraphs(text: string) {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== "")
    .map((paragraph) => ({
      object: "block",
      type: "paragraph",
      paragraph: { rich_text: richText(paragraph) },
    }));
}
