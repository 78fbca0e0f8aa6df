// New row at the end of a sheet. The cursor is the number of rows seen: rows appended
// below it are new. Deleting rows shrinks the sheet; the cursor then follows it down
// without runs, so rows appended later are seen again from there (docs/triggers.md).
import { z } from "zod";
import { defineTrigger } from "../../_sdk/define";
import { callApi } from "../../_sdk/provider-api";
import { googleApi } from "../google-api";

const sheets = googleApi("Google Sheets");

const input = z.object({
  spreadsheetId: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, "the ID from the spreadsheet's URL")
    .describe("Spreadsheet ID: the part of its URL between /d/ and /edit"),
  range: z
    .string()
    .min(1)
    .describe("Sheet (and optionally columns) to watch, in A1 notation, e.g. Sheet1"),
});

// https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values#ValueRange
const response = z.object({
  range: z.string(),
  values: z.array(z.array(z.union([z.string(), z.number(), z.boolean()]))).optional(),
});

const cursorSchema = z.object({ rowCount: z.number().int().min(0) });

export const newRow = defineTrigger({
  key: "new_row",
  displayName: "New row",
  description: "Starts a run for every row added at the bottom of a sheet.",
  input,
  scopes: ["https://www.googleapis.com/auth/spreadsheets.readonly"],
  async poll(ctx, { spreadsheetId, range }, rawCursor) {
    // https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values/get
    const body = await callApi(
      ctx.http,
      sheets,
      {
        method: "GET",
        url: `/v4/spreadsheets/${spreadsheetId}/values/${encodeURIComponent(range)}`,
      },
      response,
    );
    const rows = body.values ?? [];
    const cursor = cursorSchema.safeParse(rawCursor);
    const seen = cursor.success ? Math.min(cursor.data.rowCount, rows.length) : rows.length;
    return {
      items: rows.slice(seen).map((values, i) => {
        const rowNumber = seen + i + 1;
        return {
          key: `${spreadsheetId}:${range}:row:${rowNumber}`,
          payload: { rowNumber, values },
        };
      }),
      cursor: { rowCount: rows.length },
    };
  },
});
