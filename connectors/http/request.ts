// The generic "call any URL" action. Non-2xx statuses are classified by the HTTP client
// (R7), and the attempt's idempotency key goes out as Idempotency-Key unless the user
// sets that header themselves.
import { z } from "zod";
import { defineAction } from "../_sdk/define";

const input = z.object({
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("GET").describe("HTTP method"),
  url: z
    .url({ protocol: /^https?$/ })
    .describe("The full URL to call, starting with http:// or https://"),
  headers: z
    .record(z.string(), z.string())
    .optional()
    .describe("Extra request headers, such as Authorization"),
  query: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .optional()
    .describe("Query string parameters, added to any already in the URL"),
  body: z
    .unknown()
    .optional()
    .describe("Request body: text is sent as it is, anything else as JSON"),
});

const output = z.object({
  status: z.number().int().describe("HTTP status code"),
  headers: z.record(z.string(), z.string()).describe("Response headers, names in lower case"),
  body: z.unknown().describe("Response body: parsed JSON when the response is JSON, else text"),
});

export const request = defineAction({
  key: "request",
  displayName: "HTTP request",
  description: "Send an HTTP request to any URL and return the response.",
  input,
  output,
  async run(ctx, { method, url, headers, query, body }) {
    const payload =
      body === undefined || body === null
        ? {}
        : typeof body === "string"
          ? { body }
          : { json: body };
    return ctx.http.request({ method, url, headers, query, ...payload });
  },
});
