import { z } from "zod";
import { defineAction } from "../_sdk/define";
import { callApi } from "../_sdk/provider-api";
import { googleApi } from "../google-sheets/google-api";
import { buildMessage } from "./mime";

const gmail = googleApi("Gmail");

const addresses = z.array(z.email()).max(100);

const input = z.object({
  to: addresses.min(1).describe("Recipient email addresses"),
  cc: addresses.optional().describe("Carbon-copy recipients"),
  bcc: addresses.optional().describe("Blind carbon-copy recipients, hidden from the others"),
  subject: z
    .string()
    .max(900)
    .regex(/^[^\r\n]*$/, "a single line")
    .describe("Subject line"),
  body: z.string().describe("Message text"),
  html: z.boolean().default(false).describe("Send the body as HTML instead of plain text"),
});

// https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages#Message
const response = z.object({
  id: z.string(),
  threadId: z.string(),
  labelIds: z.array(z.string()).optional(),
});

const output = z.object({
  id: z.string().describe("ID of the sent message"),
  threadId: z.string().describe("ID of the conversation it belongs to"),
  labelIds: z.array(z.string()).describe('Labels on the sent message, such as "SENT"'),
});

export const sendEmail = defineAction({
  key: "send_email",
  displayName: "Send email",
  description: "Send an email from the connected Gmail account.",
  input,
  output,
  scopes: ["https://www.googleapis.com/auth/gmail.send"],
  idempotencyHeader: null,
  async run(ctx, mail) {
    const raw = Buffer.from(buildMessage(mail), "utf8").toString("base64url");
    // https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages/send
    const sent = await callApi(
      ctx.http,
      gmail,
      { method: "POST", url: "/gmail/v1/users/me/messages/send", json: { raw } },
      response,
    );
    return { id: sent.id, threadId: sent.threadId, labelIds: sent.labelIds ?? [] };
  },
});
