import { describe, expect, it } from "vitest";
import { ConnectorError, parseRetryAfter } from "../../../connectors/_sdk/errors";

const NOW = Date.parse("2030-01-01T00:00:00Z");

describe("parseRetryAfter", () => {
  it.each([
    ["120", 120_000],
    ["0", 0],
    [" 1.5 ", 1_500],
    ["Tue, 01 Jan 2030 00:00:30 GMT", 30_000],
    ["Mon, 31 Dec 2029 23:59:00 GMT", 0], // a date in the past means "now"
    ["", null],
    ["soon", null],
    ["-5", null],
  ])("%j → %j", (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it("ignores a missing header", () => {
    expect(parseRetryAfter(null, NOW)).toBeNull();
  });
});

describe("ConnectorError.fromHttpStatus (R7)", () => {
  it.each([
    [400, "http_4xx", false, false],
    [401, "auth", false, true],
    [403, "http_4xx", false, false],
    [404, "http_4xx", false, false],
    [408, "http_408", true, false],
    [409, "http_4xx", false, false],
    [429, "http_429", true, false],
    [500, "http_5xx", true, false],
    [503, "http_5xx", true, false],
  ] as const)(
    "%i → %s, retryable %s, authBroken %s",
    (status, errorClass, retryable, authBroken) => {
      const err = ConnectorError.fromHttpStatus(status, `HTTP ${status}`);
      expect(err).toMatchObject({
        errorClass,
        retryable,
        authBroken,
        httpStatus: status,
        message: `HTTP ${status}`,
      });
    },
  );

  it("honours Retry-After on retryable statuses, relative to the given now", () => {
    expect(ConnectorError.fromHttpStatus(429, "x", "7", NOW).retryAfterMs).toBe(7_000);
    expect(
      ConnectorError.fromHttpStatus(503, "x", "Tue, 01 Jan 2030 00:01:00 GMT", NOW).retryAfterMs,
    ).toBe(60_000);
    expect(ConnectorError.fromHttpStatus(400, "x", "7", NOW).retryAfterMs).toBeNull();
  });
});

describe("ConnectorError helpers", () => {
  it("classify network and timeout as retryable, the rest as permanent", () => {
    expect(ConnectorError.network("down")).toMatchObject({
      errorClass: "network",
      retryable: true,
    });
    expect(ConnectorError.timeout(500)).toMatchObject({
      errorClass: "timeout",
      retryable: true,
      message: "Timed out after 500 ms",
    });
    expect(ConnectorError.cancelled()).toMatchObject({ errorClass: "cancelled", retryable: false });
    expect(ConnectorError.internal(new Error("boom"))).toMatchObject({
      errorClass: "internal",
      retryable: false,
    });
  });

  it("lists each validation issue with its field path", () => {
    const err = ConnectorError.inputValidation([
      { path: ["url"], message: "Invalid URL" },
      { path: ["headers", "X-Id"], message: "Expected string" },
      { path: ["items", 2, "id"], message: "Required" },
      { path: [], message: "Expected object" },
    ]);
    expect(err).toMatchObject({
      errorClass: "input_validation",
      retryable: false,
      authBroken: false,
      httpStatus: null,
    });
    expect(err.message).toBe(
      "Invalid input: url: Invalid URL; headers.X-Id: Expected string; items[2].id: Required; (root): Expected object",
    );
    expect(
      ConnectorError.outputValidation([{ path: ["status"], message: "Required" }]).message,
    ).toBe("Unexpected response: status: Required");
  });

  it("is an Error with a recognisable name", () => {
    const err = ConnectorError.network("down", new Error("ECONNRESET"));
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe("ConnectorError");
    expect((err.cause as Error).message).toBe("ECONNRESET");
  });
});
