import { describe, expect, it } from "vitest";
import { encodeHeaderValue } from "../../../../connectors/gmail/mime";
import {
  expectAuthorised,
  failure,
  itMapsHttpErrors,
  onlyRequest,
  runAction,
  useFakeApi,
} from "./harness";

const fake = useFakeApi();
const PATH = "/gmail/v1/users/me/messages/send";

const send = (input: Record<string, unknown> = {}) =>
  runAction(fake.api, "gmail.send_email", {
    to: ["ada@example.com", "alan@example.com"],
    subject: "Weekly report",
    body: "Hello,\nall green.",
    ...input,
  });

// https://developers.google.com/workspace/gmail/api/reference/rest/v1/users.messages#Message
const sent = { id: "18f3c2a1b4d5e6f7", threadId: "18f3c2a1b4d5e6f7", labelIds: ["SENT"] };

function googleError(code: number, message: string, status: string, reason: string) {
  return { error: { code, message, errors: [{ message, domain: "global", reason }], status } };
}

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
    fake.api.script(PATH, [{ json: sent }]);
    expect(await send({ cc: ["grace@example.com"] })).toEqual(sent);
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
    fake.api.script(PATH, [{ json: sent }]);
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
    const message = "User-rate limit exceeded.  Retry after 2024-05-01T10:00:00.000Z";
    fake.api.script(PATH, [
      {
        status: 403,
        json: googleError(403, message, "PERMISSION_DENIED", "userRateLimitExceeded"),
      },
    ]);
    expect(await failure(send())).toMatchObject({ errorClass: "http_429", retryable: true });
  });

  itMapsHttpErrors(
    () => fake.api,
    () => ({
      run: () => send(),
      path: PATH,
      unauthorized: {
        json: googleError(401, "Invalid Credentials", "UNAUTHENTICATED", "authError"),
      },
      rateLimited: {
        json: googleError(
          429,
          "Too many concurrent requests for user",
          "RESOURCE_EXHAUSTED",
          "rateLimitExceeded",
        ),
      },
      invalid: {
        status: 400,
        json: googleError(400, "Invalid To header", "INVALID_ARGUMENT", "invalidArgument"),
      },
      invalidMessage: "Gmail (HTTP 400): Invalid To header",
    }),
  );
});
