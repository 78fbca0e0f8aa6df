import { defineConnector } from "../_sdk/define";
import { createPage } from "./create-page";

export const notionConnector = defineConnector({
  id: "notion",
  displayName: "Notion",
  icon: "file-text",
  provider: "notion",
  auth: { kind: "oauth2" },
  // https://developers.notion.com/reference/intro
  baseUrl: "https://api.notion.com",
  actions: [createPage],
});
