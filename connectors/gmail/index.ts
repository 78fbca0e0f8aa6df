import { defineConnector } from "../_sdk/define";
import { sendEmail } from "./send-email";

export const gmailConnector = defineConnector({
  id: "gmail",
  displayName: "Gmail",
  icon: "mail",
  provider: "google-mail",
  auth: { kind: "oauth2" },
  // https://developers.google.com/workspace/gmail/api/reference/rest#service-endpoint
  baseUrl: "https://gmail.googleapis.com",
  actions: [sendEmail],
});
