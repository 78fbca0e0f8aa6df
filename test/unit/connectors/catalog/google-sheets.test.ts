import { describe, expect, it } from "vitest";
import { googleSheets } from "../../../fakes/provider-responses";
import { expectAuthorised, itMapsHttpErrors, onlyRequest, runAction, useFakeApi } from "./harness";

const fake = useFakeApi();
const SHEET = googleSheets.spreadsheetId;
const PATH = googleSheets.appendPath;
const { appended } = googleSheets;

const append = (input: Record<string, unknown> = {}) =>
  runAction(fake.api, "google-sheets.append_row", {
    spreadsheetId: SHEET,
    range: googleSheets.range,
    values: ["Ada", 36, true],
    ...input,
  });

describe("google-sheets.append_row", () => {
  it("appends one row with USER_ENTERED and returns where it landed", async () => {
    fake.api.script(PATH, [appended]);
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
    const { tableRange: _, ...empty } = appended.json;
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
      unauthorized: googleSheets.unauthenticated,
      rateLimited: googleSheets.quotaExceeded,
      invalid: googleSheets.badRange,
      invalidMessage: "Google Sheets (HTTP 400): Unable to parse range: Sheet9!A:C",
    }),
  );
});
