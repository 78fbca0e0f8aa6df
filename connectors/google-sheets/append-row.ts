import { z } from "zod";
import { defineAction } from "../_sdk/define";
import { callApi } from "../_sdk/provider-api";
import { googleApi } from "./google-api";

const sheets = googleApi("Google Sheets");

const input = z.object({
  spreadsheetId: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, "the ID from the spreadsheet's URL")
    .describe("Spreadsheet ID: the part of its URL between /d/ and /edit"),
  range: z
    .string()
    .min(1)
    .describe(
      "Sheet (and optionally columns) holding the table, in A1 notation, e.g. Sheet1 or Sheet1!A:D",
    ),
  values: z
    .array(z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .min(1)
    .describe("Cell values of the new row, from left to right"),
  valueInputOption: z
    .enum(["USER_ENTERED", "RAW"])
    .default("USER_ENTERED")
    .describe(
      "USER_ENTERED parses values as if typed in (formulas, dates); RAW stores them as they are",
    ),
});

// https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values/append#response-body
const response = z.object({
  spreadsheetId: z.string(),
  tableRange: z.string().optional(),
  updates: z.object({
    updatedRange: z.string(),
    updatedRows: z.number().int(),
    updatedCells: z.number().int(),
  }),
});

const output = z.object({
  spreadsheetId: z.string().describe("Spreadsheet ID"),
  updatedRange: z.string().describe("Where the row was written, e.g. Sheet1!A6:D6"),
  updatedRows: z.number().int().describe("Number of rows written (1)"),
  updatedCells: z.number().int().describe("Number of cells written"),
  tableRange: z.string().optional().describe("The table the row was appended to, before it"),
});

export const appendRow = defineAction({
  key: "append_row",
  displayName: "Append row",
  description: "Add a row at the end of a table in a Google Sheets spreadsheet.",
  input,
  output,
  scopes: ["https://www.googleapis.com/auth/spreadsheets"],
  idempotencyHeader: null,
  async run(ctx, { spreadsheetId, range, values, valueInputOption }) {
    // https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values/append
    const body = await callApi(
      ctx.http,
      sheets,
      {
        method: "POST",
        url: `/v4/spreadsheets/${spreadsheetId}/values/${encodeURIComponent(range)}:append`,
        query: { valueInputOption },
        json: { majorDimension: "ROWS", values: [values] },
      },
      response,
    );
    const { updatedRange, updatedRows, updatedCells } = body.updates;
    return {
      spreadsheetId: body.spreadsheetId,
      updatedRange,
      updatedRows,
      updatedCells,
      tableRange: body.tableRange,
    };
  },
});
