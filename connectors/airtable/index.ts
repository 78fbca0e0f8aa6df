import { defineConnector } from "../_sdk/define";
import { createRecord } from "./create-record";

export const airtableConnector = defineConnector({
  id: "airtable",
  displayName: "Airtable",
  icon: "table",
  // A personal access token, sent as a bearer token.
  provider: "airtable-pat",
  auth: { kind: "api_key" },
  // https://airtable.com/developers/web/api/introduction
  baseUrl: "https://api.airtable.com",
  actions: [createRecord],
});
