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
const BASE = "appLkNDICXNqxSDhG";
const PATH = `/v0/${BASE}/Design%20Projects`;
const PAT = "patAbCdEfGh12345.0123456789abcdef";

const create = (input: Record<string, unknown> = {}) =>
  runAction(
    fake.api,
    "airtable.create_record",
    {
      baseId: BASE,
      table: "Design Projects",
      fields: { Name: "Coffee packaging", Budget: 1200 },
      ...input,
    },
    { kind: "api_key", apiKey: PAT },
  );

// https://airtable.com/developers/web/api/create-records (single record response)
const record = {
  id: "rec560UJdUtocSouk",
  createdTime: "2022-09-12T21:03:48.000Z",
  fields: { Name: "Coffee packaging", Budget: 1200, Status: "Todo" },
};

describe("airtable.create_record", () => {
  it("creates the record with the personal access token and returns it", async () => {
    fake.api.script(PATH, [{ json: record }]);
    expect(await create({ typecast: true })).toEqual(record);
    const sent = onlyRequest(fake.api);
    expect(sent.method).toBe("POST");
    expectAuthorised(sent, PAT);
    expect(sent.json).toEqual({
      fields: { Name: "Coffee packaging", Budget: 1200 },
      typecast: true,
    });
  });

  it("names a missing table with Airtable's bare error code", async () => {
    fake.api.script(PATH, [{ status: 404, json: { error: "NOT_FOUND" } }]);
    const err = await failure(create());
    expect(err).toMatchObject({ errorClass: "http_4xx", httpStatus: 404 });
    expect(err.message).toBe("Airtable (HTTP 404): NOT_FOUND");
  });

  it("refuses a base ID that is not one", async () => {
    expect((await failure(create({ baseId: "../meta" }))).errorClass).toBe("input_validation");
    expect(fake.api.requests).toHaveLength(0);
  });

  itMapsHttpErrors(
    () => fake.api,
    () => ({
      run: () => create(),
      path: PATH,
      unauthorized: {
        json: { error: { type: "AUTHENTICATION_REQUIRED", message: "Authentication required" } },
      },
      rateLimited: {
        json: {
          errors: [
            { error: "RATE_LIMIT_REACHED", message: "Rate limit exceeded. Please try again later" },
          ],
        },
      },
      invalid: {
        status: 422,
        json: { error: { type: "UNKNOWN_FIELD_NAME", message: 'Unknown field name: "Budjet"' } },
      },
      invalidMessage: 'Airtable (HTTP 422): Unknown field name: "Budjet" (UNKNOWN_FIELD_NAME)',
    }),
  );
});
