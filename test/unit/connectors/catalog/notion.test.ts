import { describe, expect, it } from "vitest";
import {
  expectAuthorised,
  failure,
  itMapsHttpErrors,
  onlyRequest,
  runAction,
  useFakeApi,
} from "./harness";
import { notion } from "../../../fakes/provider-responses";

const fake = useFakeApi();
const PATH = notion.pagesPath;
const DATABASE = notion.databaseId;
const PAGE_ID = notion.pageId;
const page = notion.created;

const create = (input: Record<string, unknown> = {}) =>
  runAction(fake.api, "notion.create_page", {
    parentType: "database",
    parentId: DATABASE,
    title: "Tuscan kale",
    ...input,
  });

const text = (content: string) => [{ type: "text", text: { content } }];

describe("notion.create_page", () => {
  it("creates a database row with the version header and returns its URL", async () => {
    fake.api.script(PATH, [page]);
    const output = await create({
      properties: { Price: { number: 2.5 } },
      content: "Fresh from the garden.\n\nBest in soup.",
    });
    expect(output).toEqual({
      id: PAGE_ID,
      url: page.json.url,
      createdTime: "2022-03-01T19:05:00.000Z",
    });

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
    fake.api.script(PATH, [page]);
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
    fake.api.script(PATH, [notion.conflict]);
    expect(await failure(create())).toMatchObject({ errorClass: "http_5xx", retryable: true });
  });

  itMapsHttpErrors(
    () => fake.api,
    () => ({
      run: () => create(),
      path: PATH,
      unauthorized: notion.unauthorized,
      rateLimited: notion.rateLimited,
      invalid: notion.validationError,
      invalidMessage: "Notion (HTTP 400): Name is not a property that exists. (validation_error)",
    }),
  );
});
