import { describe, expect, it } from "vitest";
import {
  expectAuthorised,
  failure,
  itMapsHttpErrors,
  onlyRequest,
  runAction,
  useFakeApi,
} from "./harness";
import { airtable } from "../../../fakes/provider-responses";

const fake = useFakeApi();
const PATH = airtable.recordsPath;
const PAT = "patAbCdEfGh12345.0123456789abcdef";

const create = (input: Record<string, unknown> = {}) =>
  runAction(
    fake.api,
    "airtable.create_record",
    {
      baseId: airtable.baseId,
      table: airtable.table,
      fields: { Name: "Coffee packaging", Budget: 1200 },
      ...input,
    },
    { kind: "api_key", apiKey: PAT },
  );

describe("airtable.create_record", () => {
  it("creates the record with the personal access token and returns it", async () => {
    fake.api.script(PATH, [airtable.created]);
    expect(await create({ typecast: true })).toEqual(airtable.created.json);
    const sent = onlyRequest(fake.api);
    expect(sent.method).toBe("POST");
    expectAuthorised(sent, PAT);
    expect(sent.json).toEqual({
      fields: { Name: "Coffee packaging", Budget: 1200 },
      typecast: true,
    });
  });

  it("names a missing table with Airtable's bare error code", async () => {
    fake.api.script(PATH, [airtable.notFound]);
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
      unauthorized: airtable.authenticationRequired,
      rateLimited: airtable.rateLimited,
      invalid: airtable.unknownField,
      invalidMessage: 'Airtable (HTTP 422): Unknown field name: "Budjet" (UNKNOWN_FIELD_NAME)',
    }),
  );
});
