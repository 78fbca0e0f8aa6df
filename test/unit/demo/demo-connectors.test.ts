// The demo connectors' actions through executeAction, over real HTTP against the demo
// APIs, the way the worker runs them once SWITCHYARD_CONNECTOR_BASE_URLS points there.
import { describe, expect, it } from "vitest";
import type { ActionCredentials } from "../../../connectors/_sdk/define";
import { ConnectorError } from "../../../connectors/_sdk/errors";
import { executeAction } from "../../../connectors/_sdk/execute";
import { getAction } from "../../../connectors/registry";
import { demoConnectorBaseUrls } from "../../../worker/demo/demo-apis";
import { useDemoApis } from "./helpers";

const demo = useDemoApis();

function run(
  key: string,
  input: unknown,
  { token = "good", idempotencyKey = "run:node:1" } = {},
): Promise<unknown> {
  const found = getAction(key);
  if (!found) throw new Error(`${key} is not registered`);
  const credentials: ActionCredentials = { kind: "oauth2", accessToken: token };
  return executeAction(found.action, input, {
    signal: new AbortController().signal,
    timeoutMs: 5_000,
    idempotencyKey,
    allowPrivateNetwork: true,
    baseUrl: demoConnectorBaseUrls(demo.apis.url)[found.connector.id],
    credentials,
  });
}

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
}

const injectFault = (fault: Record<string, unknown>) =>
  fetch(`${demo.apis.url}/_demo/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fault),
  });

describe("demo-chat.post_message", () => {
  it("posts the message as the connected account", async () => {
    const output = await run("demo-chat.post_message", { channel: "#general", text: "Hello" });
    expect(output).toEqual({
      id: expect.stringMatching(/^msg_/),
      channel: "general",
      author: "ada",
      ts: expect.any(String),
    });
    expect(demo.apis.state.messages).toMatchObject([{ channel: "general", text: "Hello" }]);
  });

  it("posts once when a retry repeats the attempt's idempotency key", async () => {
    const first = await run("demo-chat.post_message", { channel: "sales", text: "Lead" });
    const retry = await run("demo-chat.post_message", { channel: "sales", text: "Lead" });
    expect(retry).toEqual(first);
    expect(demo.apis.state.messages).toHaveLength(1);
  });

  it("marks the connection broken when the token has expired", async () => {
    const err = await failure(
      run("demo-chat.post_message", { channel: "general", text: "Hi" }, { token: "expired" }),
    );
    expect(err).toMatchObject({
      errorClass: "auth",
      authBroken: true,
      retryable: false,
      httpStatus: 401,
      message: "Demo Chat (HTTP 401): The access token is invalid, expired or revoked",
    });
    expect(demo.apis.state.messages).toEqual([]);
  });

  it("fails an unknown channel permanently with the API's message", async () => {
    const err = await failure(run("demo-chat.post_message", { channel: "random", text: "Hi" }));
    expect(err).toMatchObject({ errorClass: "http_4xx", retryable: false, authBroken: false });
    expect(err.message).toBe(
      'Demo Chat (HTTP 404): No channel "random"; the channels are general, alerts, sales',
    );
  });

  it("refuses empty text before calling the API", async () => {
    const err = await failure(run("demo-chat.post_message", { channel: "general", text: " " }));
    expect(err.errorClass).toBe("input_validation");
  });
});

describe("demo-tracker", () => {
  it("creates an issue and comments on it", async () => {
    const issue = await run("demo-tracker.create_issue", {
      title: "Printer on fire",
      body: "Again.",
      labels: ["bug"],
    });
    expect(issue).toEqual({
      id: expect.stringMatching(/^iss_/),
      number: 1,
      url: `${demo.apis.url}/#issue-1`,
      state: "open",
    });
    const comment = await run(
      "demo-tracker.comment_on_issue",
      { issueNumber: 1, body: "On it" },
      { idempotencyKey: "run:node2:1" },
    );
    expect(comment).toEqual({
      id: expect.stringMatching(/^cmt_/),
      issueNumber: 1,
      createdAt: expect.any(String),
    });
    expect(demo.apis.state.issues).toMatchObject([{ title: "Printer on fire", labels: ["bug"] }]);
    expect(demo.apis.state.comments).toMatchObject([{ issueNumber: 1, body: "On it" }]);
  });

  it("retries an injected 503 with its Retry-After, and creates the issue once after a lost response", async () => {
    await injectFault({ path: "/tracker/issues", status: 503, retryAfterSeconds: 2 });
    const unavailable = await failure(run("demo-tracker.create_issue", { title: "Once" }));
    expect(unavailable).toMatchObject({
      errorClass: "http_5xx",
      retryable: true,
      retryAfterMs: 2_000,
    });
    expect(demo.apis.state.issues).toEqual([]);

    // The issue is created but the answer is lost; the engine's retry (same key) gets it back.
    await injectFault({ path: "/tracker/issues", status: 502, afterEffect: true });
    const lost = await failure(run("demo-tracker.create_issue", { title: "Once" }));
    expect(lost).toMatchObject({ errorClass: "http_5xx", retryable: true });
    const retried = await run("demo-tracker.create_issue", { title: "Once" });
    expect(retried).toMatchObject({ number: 1 });
    expect(demo.apis.state.issues).toHaveLength(1);
  });

  it("marks the connection broken when the token was revoked", async () => {
    const err = await failure(
      run("demo-tracker.comment_on_issue", { issueNumber: 1, body: "x" }, { token: "revoked" }),
    );
    expect(err).toMatchObject({ errorClass: "auth", authBroken: true, httpStatus: 401 });
  });

  it("fails a comment on an unknown issue permanently", async () => {
    const err = await failure(run("demo-tracker.comment_on_issue", { issueNumber: 42, body: "x" }));
    expect(err).toMatchObject({ errorClass: "http_4xx", retryable: false });
    expect(err.message).toBe("Demo Tracker (HTTP 404): No issue #42");
  });
});
