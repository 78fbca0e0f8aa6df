import { z } from "zod";
import { defineAction } from "../_sdk/define";
import { callApi } from "../_sdk/provider-api";
import { airtable } from "./api";

const input = z.object({
  baseId: z
    .string()
    .regex(/^app[A-Za-z0-9]{14}$/, "an ID starting with app")
    .describe("ID of the base: the part of its URL that starts with app"),
  table: z.string().min(1).describe("Name or ID (tbl...) of the table"),
  fields: z
    .record(z.string(), z.unknown())
    .describe('Cell values by field name (or field ID), e.g. {"Name": "Ada", "Age": 36}'),
  typecast: z
    .boolean()
    .default(false)
    .describe("Convert text to the field's type, creating missing select options"),
});

// https://airtable.com/developers/web/api/create-records (single record response)
const response = z.object({
  id: z.string(),
  createdTime: z.string(),
  fields: z.record(z.string(), z.unknown()),
});

const output = z.object({
  id: z.string().describe("ID of the new record (rec...)"),
  createdTime: z.string().describe("When the record was created (ISO 8601)"),
  fields: z
    .record(z.string(), z.unknown())
    .describe("The record's cell values as stored; empty cells are left out"),
});

export const createRecord = defineAction({
  key: "create_record",
  displayName: "Create record",
  description: "Add a record (row) to an Airtable table.",
  input,
  output,
  idempotencyHeader: null,
  async run(ctx, { baseId, table, fields, typecast }) {
    // https://airtable.com/developers/web/api/create-records
    const record = await callApi(
      ctx.http,
      airtable,
      {
        method: "POST",
        url: `/v0/${baseId}/${encodeURIComponent(table)}`,
        json: { fields, typecast },
      },
      response,
    );
    return { id: record.id, createdTime: record.createdTime, fields: record.fields };
  },
});
