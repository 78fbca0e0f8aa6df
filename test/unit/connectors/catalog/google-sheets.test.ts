import { describe, expect, it } from "vitest";
import { expectAuthorised, itMapsHttpErrors, onlyRequest, runAction, useFakeApi } from "./harness";

const fake = useFakeApi();
const SHEET = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms";
// The range is one path segment: ":" is escaped, the ":append" suffix is not.
const PATH = `/v4/spreadsheets/${SHEET}/values/Sheet1!A%3AC:append`;

const append = (input: Record<string, unknown> = {}) =>
  runAction(fake.api, "google-sheets.append_row", {
    spreadsheetId: SHEET,
    range: "Sheet1!A:C",
    values: ["Ada", 36, true],
    ...input,
  });

// https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values/append#response-body
const appended = {
  spreadsheetId: SHEET,
  tableRange: "Sheet1!A1:C5",
  updates: {
    spreadsheetId: SHEET,
    updatedRange: "Sheet1!A6:C6",
    updatedRows: 1,
    updatedColumns: 3,
    updatedCells: 3,
  },
};

describe("google-sheets.append_row", () => {
  it("appends one row with USER_ENTERED and returns where it landed", async () => {
    fake.api.script(PATH, [{ json: appended }]);
    expect(await append()).toEqual({
      spreadsheetId: SHEET,
      updatedRange: "Sheet1!A6:C6",
      updatedRows: 1,
      updatedCells: 3,
      tableRange: "Sheet1!A1:C5",
    });
    const sent = onlyRequest(fake.api);
    expect(sent.method).toBe("POST");
    expect(sent.query).toEqual({ valueInputOption: "USER_ENTERED" });
    expectAuthorised(sent);
    expect(sent.json).toEqual({ majorDimension: "ROWS", values: [["Ada", 36, true]] });
  });

  it("appends to an empty sheet, which has no table range yet", async () => {
    const { tableRange: _, ...empty } = appended;
    fake.api.script(PATH, [{ json: empty }]);
    const output = (await append({ valueInputOption: "RAW" })) as Record<string, unknown>;
    expect(output.tableRange).toBeUndefined();
    expect(output.updatedRange).toBe("Sheet1!A6:C6");
    expect(onlyRequest(fake.api).query).toEqual({ valueInputOption: "RAW" });
  });

  itMapsHttpErrors(
    () => fake.api,
    () => ({
      run: () => append(),
      path: PATH,
      unauthorized: {
        json: {
          error: {
            code: 401,
            message:
              "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
            status: "UNAUTHENTICATED",
          },
        },
      },
      rateLimited: {
        json: {
          error: {
            code: 429,
            message:
              "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user' of service 'sheets.googleapis.com'.",
            status: "RESOURCE_EXHAUSTED",
          },
        },
      },
      invalid: {
        status: 400,
        json: {
          error: {
            code: 400,
            message: "Unable to parse range: Sheet9!A:C",
            status: "INVALID_ARGUMENT",
          },
        },
      },
      invalidMessage: "Google Sheets (HTTP 400): Unable to parse range: Sheet9!A:C",
    }),
  );
});
