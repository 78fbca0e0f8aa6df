import { defineConnector } from "../_sdk/define";
import { newRow } from "./triggers/new-row";
import { appendRow } from "./append-row";

export const googleSheetsConnector = defineConnector({
  id: "google-sheets",
  displayName: "Google Sheets",
  icon: "sheet",
  provider: "google-sheet",
  auth: { kind: "oauth2" },
  // https://developers.google.com/workspace/sheets/api/reference/rest#service-endpoint
  baseUrl: "https://sheets.googleapis.com",
  triggers: [newRow],
  actions: [appendRow],
});
