import { defineConnector } from "../_sdk/define";
import { sendWebhookMessage } from "./send-webhook-message";

export const discordConnector = defineConnector({
  id: "discord",
  displayName: "Discord",
  icon: "messages-square",
  // The webhook URL in the input is the credential.
  provider: null,
  auth: { kind: "none" },
  // https://discord.com/developers/docs/reference#api-versioning
  baseUrl: "https://discord.com/api/v10",
  actions: [sendWebhookMessage],
});
