import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { defineAction, defineConnector } from "../../../connectors/_sdk/define";
import { ConnectorError } from "../../../connectors/_sdk/errors";
import { executeAction } from "../../../connectors/_sdk/execute";
import { actionCatalog, connectors, getAction, getConnector } from "../../../connectors/registry";
import { startFakeApi, type FakeApi } from "../../fakes/fake-api";
import { z } from "zod";

let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi();
});
afterAll(() => api.close());
beforeEach(() => api.reset());

function run(input: unknown, idempotencyKey = "run1:call:1") {
  const found = getAction("http.request");
  if (!found) throw new Error("http.request is not registered");
  return executeAction(found.action, input, {
    signal: new AbortController().signal,
    timeoutMs: 5_000,
    idempotencyKey,
    allowPrivateNetwork: true,
    baseUrl: found.connector.baseUrl,
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

describe("registry", () => {
  it("lists the http connector and finds its action by full key", () => {
    expect(connectors.map((c) => c.id)).toContain("http");
    expect(getConnector("http")?.displayName).toBe("HTTP");
    expect(getAction("http.request")?.action.key).toBe("request");
    expect(getAction("http.nope")).toBeUndefined();
    expect(getAction("nope.request")).toBeUndefined();
    expect(getAction("http")).toBeUndefined();
  });

  it("serves the graph validator's catalogue: input schema and provider", () => {
    const entry = actionCatalog.getAction("http.request");
    expect(entry?.provider).toBeNull();
    expect(entry?.input.safeParse({ url: "https://example.com" }).success).toBe(true);
    expect(entry?.input.safeParse({ url: "not a url" }).success).toBe(false);
    expect(actionCatalog.getAction("missing.action")).toBeUndefined();
  });

  it("describes every input field, for generated forms", () => {
    const shape = getAction("http.request")?.action.input.shape ?? {};
    for (const [name, field] of Object.entries(shape)) expect(field.description, name).toBeTruthy();
  });

  it("refuses malformed connector definitions", () => {
    const action = defineAction({
      key: "a",
      displayName: "A",
      description: "",
      input: z.object({}),
      output: z.object({}),
      run: async () => ({}),
    });
    const base = {
      id: "x",
      displayName: "X",
      icon: "globe",
      provider: null,
      auth: { kind: "none" },
    } as const;
    expect(() => defineConnector({ ...base, actions: [action, action] })).toThrow(
      /defines action "a" twice/,
    );
    expect(() => defineConnector({ ...base, id: "Bad.Id", actions: [] })).toThrow(/must match/);
    expect(() => defineConnector({ ...base, auth: { kind: "oauth2" }, actions: [] })).toThrow(
      /provider/,
    );
    expect(() => defineAction({ ...action, key: "a.b" })).toThrow(/must match/);
  });
});

describe("http.request end to end", () => {
  it("sends method, headers, query and a JSON body, and returns status, headers and body", async () => {
    const output = await run({
      method: "POST",
      url: `${api.url}/echo?x=1`,
      headers: { "X-Trace": "t1" },
      query: { page: 2 },
      body: { hello: "world" },
    });
    expect(output).toMatchObject({
      status: 200,
      headers: { "content-type": "application/json" },
      body: {
        method: "POST",
        path: "/echo",
        query: { x: "1", page: "2" },
        body: { hello: "world" },
      },
    });
    const sent = api.requests[0];
    expect(sent?.headers).toMatchObject({
      "x-trace": "t1",
      "content-type": "application/json",
      "idempotency-key": "run1:call:1",
    });
  });

  it("defaults to GET and sends a string body as it is", async () => {
    await run({ url: `${api.url}/echo` });
    await run({
      method: "PUT",
      url: `${api.url}/echo`,
      body: "a=b",
      headers: { "content-type": "text/plain" },
    });
    expect(api.requests.map((r) => [r.method, r.body])).toEqual([
      ["GET", ""],
      ["PUT", "a=b"],
    ]);
  });

  it("counts one side effect per idempotency key across retries of a generation", async () => {
    api.script("/charge", [
      { status: 503, headers: { "retry-after": "1" } },
      { status: 201, json: { id: "ch_1" } },
    ]);
    const first = await failure(
      run({ method: "POST", url: `${api.url}/charge`, body: { amount: 5 } }, "r:n:1"),
    );
    expect(first).toMatchObject({
      errorClass: "http_5xx",
      retryable: true,
      retryAfterMs: 1_000,
      httpStatus: 503,
    });
    const second = await run(
      { method: "POST", url: `${api.url}/charge`, body: { amount: 5 } },
      "r:n:1",
    );
    expect(second).toMatchObject({ status: 201, body: { id: "ch_1" } });
    expect(api.requestsTo("/charge").map((r) => r.headers["idempotency-key"])).toEqual([
      "r:n:1",
      "r:n:1",
    ]);
    expect([...api.sideEffects]).toEqual([["r:n:1", 1]]);
  });

  it("classifies a permanent failure with the provider's message", async () => {
    api.script("/items", [{ status: 422, json: { error: "name is required" } }]);
    const err = await failure(run({ method: "POST", url: `${api.url}/items`, body: {} }));
    expect(err).toMatchObject({ errorClass: "http_4xx", retryable: false, httpStatus: 422 });
    expect(err.message).toBe(`HTTP 422 from 127.0.0.1:${api.port}: {"error":"name is required"}`);
  });

  it("refuses invalid input with the field path", async () => {
    const err = await failure(run({ method: "TRACE", url: "ftp://example.com" }));
    expect(err.errorClass).toBe("input_validation");
    expect(err.message).toMatch(/^Invalid input: method: .+; url: /);
    expect(api.requests).toHaveLength(0);
  });
});
