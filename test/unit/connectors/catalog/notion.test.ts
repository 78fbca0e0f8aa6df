import { describe, expect, it } from "vitest";
import {
  expectAuthorised,
  failure,
  itMapsHttpErrors,
  onlyRequest,
  runAction,
  useFakeApi,
} from "./harness";

const fake = useFakeApi();
const PATH = "/v1/pages";
const DATABASE = "d9824bdc84454327be8b5b47500af6ce";
const PAGE_ID = "59833787-2cf9-4fdf-8782-e53db20768a5";

const create = (input: Record<string, unknown> = {}) =>
  runAction(fake.api, "notion.create_page", {
    parentType: "database",
    parentId: DATABASE,
    title: "Tuscan kale",
    ...input,
  });

// https://developers.notion.com/reference/post-page (200 example, trimmed)
const page = {
  object: "page",
  id: PAGE_ID,
  created_time: "2022-03-01T19:05:00.000Z",
  last_edited_time: "2022-03-01T19:05:00.000Z",
  created_by: { object: "user", id: "ee5f0f84-409a-440f-983a-a5315961c6e4" },
  cover: null,
  icon: null,
  parent: { type: "database_id", database_id: "d9824bdc-8445-4327-be8b-5b47500af6ce" },
  archived: false,
  in_trash: false,
  properties: {
    Name: {
      id: "title",
      type: "title",
      title: [
        { type: "text", text: { content: "Tuscan kale", link: null }, plain_text: "Tuscan kale" },
      ],
    },
  },
  url: "https://www.notion.so/Tuscan-kale-598337872cf94fdf8782e53db20768a5",
  public_url: null,
};

// https://developers.notion.com/reference/status-codes#error-codes
function notionError(status: number, code: string, message: string) {
  return {
    status,
    json: {
      object: "error",
      status,
      code,
      message,
      request_id: "f3a9c1d2-0000-4000-8000-000000000000",
    },
  };
}

const text = (content: string) => [{ type: "text", text: { content } }];

describe("notion.create_page", () => {
  it("creates a database row with the version header and returns its URL", async () => {
    fake.api.script(PATH, [{ json: page }]);
    const output = await create({
      properties: { Price: { number: 2.5 } },
      content: "Fresh from the garden.\n\nBest in soup.",
    });
    expect(output).toEqual({ id: PAGE_ID, url: page.url, createdTime: "2022-03-01T19:05:00.000Z" });

    const sent = onlyRequest(fake.api);
    expect(sent.method).toBe("POST");
    expectAuthorised(sent);
    expect(sent.headers["notion-version"]).toBe("2022-06-28");
    expect(sent.json).toEqual({
      parent: { database_id: DATABASE },
      properties: { Price: { number: 2.5 }, Name: { title: text("Tuscan kale") } },
      children: [
        {
          object: "block",
          type: "paragraph",
          paragraph: { rich_text: text("Fresh from the garden.") },
        },
        { object: "block", type: "paragraph", paragraph: { rich_text: text("Best in soup.") } },
      ],
    });
  });

  it("creates a sub-page whose only property is its title, splitting long text", async () => {
    fake.api.script(PATH, [{ json: page }]);
    await create({ parentType: "page", parentId: PAGE_ID, content: "x".repeat(2_500) });
    expect(onlyRequest(fake.api).json).toEqual({
      parent: { page_id: PAGE_ID },
      properties: { title: { title: text("Tuscan kale") } },
      children: [
        {
          object: "block",
          type: "paragraph",
          paragraph: { rich_text: [...text("x".repeat(2_000)), ...text("x".repeat(500))] },
        },
      ],
    });
  });

  it("refuses column values for a page parent", async () => {
    const err = await failure(
      create({ parentType: "page", parentId: PAGE_ID, properties: { Price: { number: 1 } } }),
    );
    expect(err.errorClass).toBe("input_validation");
    expect(fake.api.requests).toHaveLength(0);
  });

  it("retries a conflict, which Notion documents as safe to retry", async () => {
    fake.api.script(PATH, [
      notionError(
        409,
        "conflict_error",
        "Transaction could not be completed, potentially due to a data collision.",
      ),
    ]);
    expect(await failure(create())).toMatchObject({ errorClass: "http_5xx", retryable: true });
  });

  itMapsHttpErrors(
    () => fake.api,
    () => ({
      run: () => create(),
      path: PATH,
      unauthorized: notionError(401, "unauthorized", "API token is invalid."),
      rateLimited: notionError(
        429,
        "rate_limited",
        "You have been rate limited. Please try again in a few minutes.",
      ),
      invalid: notionError(400, "validation_error", "Name is not a property that exists."),
      invalidMessage: "Notion (HTTP 400): Name is not a property that exists. (validation_error)",
    }),
  );
});
