import { describe, expect, it } from "vitest";
import { encodeHeaderValue } from "../../../../connectors/gmail/mime";
import { gmail } from "../../../fakes/provider-responses";
import {
  expectAuthorised,
  failure,
  itMapsHttpErrors,
  onlyRequest,
  runAction,
  useFakeApi,
} from "./harness";

const fake = useFakeApi();
const PATH = gmail.sendPath;

const send = (input: Record<string, unknown> = {}) =>
  runAction(fake.api, "gmail.send_email", {
    to: ["ada@example.com", "alan@example.com"],
    subject: "Weekly report",
    body: "Hello,\nall green.",
    ...input,
  });

const { sent } = gmail;

/** The RFC 2822 message inside the request's base64url `raw`. */
function sentMessage(): { headers: string[]; body: string } {
  const { raw } = onlyRequest(fake.api).json as { raw: string };
  expect(raw).toMatch(/^[A-Za-z0-9_-]+$/);
  const [head = "", encodedBody = ""] = Buffer.from(raw, "base64url")
    .toString("utf8")
    .split("\r\n\r\n");
  return {
    headers: head.split("\r\n"),
    body: Buffer.from(encodedBody.replaceAll("\r\n", ""), "base64").toString("utf8"),
  };
}

describe("gmail.send_email", () => {
  it("sends a base64url RFC 2822 message and returns its IDs", async () => {
    fake.api.script(PATH, [sent]);
    expect(await send({ cc: ["grace@example.com"] })).toEqual(sent.json);
    const request = onlyRequest(fake.api);
    expect(request.method).toBe("POST");
    expectAuthorised(request);
    expect(Object.keys(request.json as object)).toEqual(["raw"]);
    expect(sentMessage()).toEqual({
      headers: [
        "To: ada@example.com, alan@example.com",
        "Cc: grace@example.com",
        "Subject: Weekly report",
        "MIME-Version: 1.0",
        'Content-Type: text/plain; charset="UTF-8"',
        "Content-Transfer-Encoding: base64",
      ],
      body: "Hello,\nall green.",
    });
  });

  it("encodes a non-ASCII subject and sends HTML when asked", async () => {
    fake.api.script(PATH, [sent]);
    await send({ subject: "Rapport hebdo ✅ — café", body: "<p>Très bien</p>", html: true });
    const { headers, body } = sentMessage();
    expect(headers).toContain("Subject: =?UTF-8?B?UmFwcG9ydCBoZWJkbyDinIUg4oCUIGNhZsOp?=");
    expect(headers).toContain('Content-Type: text/html; charset="UTF-8"');
    expect(body).toBe("<p>Très bien</p>");
  });

  it("folds a long encoded subject into encoded-words of at most 75 characters", () => {
    const words = encodeHeaderValue("é".repeat(100)).split("\r\n ");
    expect(words.length).toBeGreaterThan(1);
    for (const word of words) expect(word.length).toBeLessThanOrEqual(75);
  });

  it("refuses a subject with a line break (header injection) and a bad address", async () => {
    const err = await failure(
      send({ subject: "Hi\r\nBcc: eve@example.com", to: ["not-an-email"] }),
    );
    expect(err.errorClass).toBe("input_validation");
    expect(err.message).toMatch(/to\[0\]: .*; subject: /);
    expect(fake.api.requests).toHaveLength(0);
  });

  it("retries Gmail's per-user limit, which comes as 403", async () => {
    fake.api.script(PATH, [gmail.userRateLimit]);
    expect(await failure(send())).toMatchObject({ errorClass: "http_429", retryable: true });
  });

  itMapsHttpErrors(
    () => fake.api,
    () => ({
      run: () => send(),
      path: PATH,
      unauthorized: gmail.invalidCredentials,
      rateLimited: gmail.tooManyConcurrent,
      invalid: gmail.invalidTo,
      invalidMessage: "Gmail (HTTP 400): Invalid To header",
    }),
  );
});
