import { defineConnector } from "../_sdk/define";
import { postMessage } from "./post-message";

export const slackConnector = defineConnector({
  id: "slack",
  displayName: "Slack",
  icon: "hash",
  provider: "slack",
  auth: { kind: "oauth2" },
  // https://api.slack.com/web#basics
  baseUrl: "https://slack.com/api",
  actions: [postMessage],
});
