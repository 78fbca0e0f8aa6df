import net from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConnectorError } from "../../../connectors/_sdk/errors";
import {
  createHttpClient,
  type HttpClientOptions,
  type HttpRequest,
} from "../../../connectors/_sdk/http-client";
import { startFakeApi, type FakeApi } from "../../fakes/fake-api";

let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi();
});
afterAll(() => api.close());
beforeEach(() => api.reset());

function client(options: Partial<HttpClientOptions> = {}) {
  return createHttpClient({
    signal: new AbortController().signal,
    allowPrivateNetwork: true,
    baseUrl: api.url,
    ...options,
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

const get = (url: string, extra: Partial<HttpRequest> = {}): HttpRequest =>
  ({ method: "GET", url, ...extra }) as HttpRequest;

describe("responses", () => {
  it("parses JSON by content-type and returns text otherwise", async () => {
    api.script("/json", [{ json: { ok: true }, headers: { "x-request-id": "abc" } }]);
    api.script("/text", [{ body: "plain", headers: { "content-type": "text/plain" } }]);
    const json = await client().request(get("/json"));
    expect(json).toMatchObject({ status: 200, body: { ok: true } });
    expect(json.headers["x-request-id"]).toBe("abc");
    expect((await client().request(get("/text"))).body).toBe("plain");
    expect((await client().request(get("/json", { responseType: "text" }))).body).toBe(
      '{"ok":true}',
    );
  });

  it("gives an empty body as null", async () => {
    api.script("/empty", [{ status: 204 }]);
    expect(await client().request(get("/empty"))).toMatchObject({ status: 204, body: null });
  });

  it("joins relative URLs to the base URL and adds query parameters", async () => {
    await client({ baseUrl: `${api.url}/` }).request(
      get("/echo?a=1", { query: { b: 2, c: true } }),
    );
    expect(api.requests[0]).toMatchObject({ path: "/echo", query: { a: "1", b: "2", c: "true" } });
  });

  it("sends JSON with its content-type, and raw bodies as they are", async () => {
    const c = client();
    await c.request({ method: "POST", url: "/echo", json: { n: 1 } });
    await c.request({
      method: "PUT",
      url: "/echo",
      body: "raw",
      headers: { "Content-Type": "text/plain" },
    });
    expect(api.requests.map((r) => [r.method, r.headers["content-type"], r.body])).toEqual([
      ["POST", "application/json", '{"n":1}'],
      ["PUT", "text/plain", "raw"],
    ]);
  });

  it("returns a non-2xx response instead of throwing when asked to", async () => {
    const res = await client().request(get("/nowhere", { throwOnHttpError: false }));
    expect(res).toMatchObject({ status: 404, body: { error: "No route for /nowhere" } });
  });
});

describe("idempotency and headers", () => {
  it("sends the idempotency key and a user agent on every request", async () => {
    await client({ idempotencyKey: "run1:node1:1" }).request(get("/echo"));
    expect(api.requests[0]?.headers).toMatchObject({
      "idempotency-key": "run1:node1:1",
      "user-agent": "Switchyard/0.1",
    });
    expect(api.sideEffects.get("run1:node1:1")).toBe(1);
  });

  it("can use another header name, or none", async () => {
    await client({ idempotencyKey: "k1", idempotencyHeader: "X-Request-Key" }).request(
      get("/echo"),
    );
    await client({ idempotencyKey: "k2", idempotencyHeader: null }).request(get("/echo"));
    expect(api.requests[0]?.headers["x-request-key"]).toBe("k1");
    expect(api.requests[0]?.headers["idempotency-key"]).toBeUndefined();
    expect(api.requests[1]?.headers["idempotency-key"]).toBeUndefined();
  });

  it("lets request headers override client headers, whatever their case", async () => {
    await client({ headers: { "X-Team": "a" } }).request(
      get("/echo", { headers: { "x-team": "b" } }),
    );
    expect(api.requests[0]?.headers["x-team"]).toBe("b");
  });
});

describe("HTTP error classification (R7)", () => {
  it.each([
    [400, "http_4xx", false, false],
    [401, "auth", false, true],
    [403, "http_4xx", false, false],
    [404, "http_4xx", false, false],
    [408, "http_408", true, false],
    [429, "http_429", true, false],
    [500, "http_5xx", true, false],
    [503, "http_5xx", true, false],
  ] as const)("%i → %s", async (status, errorClass, retryable, authBroken) => {
    api.script("/fail", [{ status, json: { error: "nope" } }]);
    const err = await failure(client().request(get("/fail")));
    expect(err).toMatchObject({
      errorClass,
      retryable,
      authBroken,
      httpStatus: status,
      retryAfterMs: null,
    });
    expect(err.message).toBe(`HTTP ${status} from 127.0.0.1:${api.port}: {"error":"nope"}`);
  });

  it("shows only the first 300 characters of an error body", async () => {
    api.script("/long", [{ status: 400, body: "x".repeat(200_000) }]);
    const err = await failure(client().request(get("/long")));
    expect(err.message).toBe(`HTTP 400 from 127.0.0.1:${api.port}: ${"x".repeat(300)}…`);
  });

  it("honours Retry-After in seconds", async () => {
    api.script("/busy", [{ status: 429, headers: { "retry-after": "3" } }]);
    const err = await failure(client().request(get("/busy")));
    expect(err).toMatchObject({
      errorClass: "http_429",
      retryAfterMs: 3_000,
      message: `HTTP 429 from 127.0.0.1:${api.port}`,
    });
  });

  it("honours Retry-After as an HTTP date", async () => {
    api.script("/busy", [
      { status: 503, headers: { "retry-after": new Date(Date.now() + 10_000).toUTCString() } },
    ]);
    const err = await failure(client().request(get("/busy")));
    expect(err.errorClass).toBe("http_5xx");
    expect(err.retryAfterMs).toBeGreaterThan(8_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(10_000);
  });
});

describe("transport failures", () => {
  it("classifies a closed port as a retryable network error", async () => {
    const port = await freePort();
    const err = await failure(client({ baseUrl: `http://127.0.0.1:${port}` }).request(get("/")));
    expect(err).toMatchObject({ errorClass: "network", retryable: true, httpStatus: null });
    expect(err.message).toMatch(
      new RegExp(`^Could not reach 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
    );
  });

  it("classifies a socket closed mid-request as a network error", async () => {
    api.script("/drop", [{ destroySocket: true }]);
    expect((await failure(client().request(get("/drop")))).errorClass).toBe("network");
  });

  it("classifies an abort by AbortSignal.timeout as a timeout, even mid-body", async () => {
    api.script("/hang", [{ hangMs: 5_000, json: {} }]);
    const started = Date.now();
    const err = await failure(client({ signal: AbortSignal.timeout(200) }).request(get("/hang")));
    expect(err).toMatchObject({ errorClass: "timeout", retryable: true });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("classifies any other abort as cancelled, and the server sees the client leave", async () => {
    const controller = new AbortController();
    const pending = client({ signal: controller.signal }).request(get("/slow/5000"));
    setTimeout(() => controller.abort(), 100);
    expect(await failure(pending)).toMatchObject({ errorClass: "cancelled", retryable: false });
    await waitFor(() => api.requests[0]?.endedAt !== null);
    expect(api.requests[0]).toMatchObject({ status: null, completed: false });
  });

  it("fails malformed JSON permanently as output_validation", async () => {
    api.script("/bad", [{ body: '{"half":', headers: { "content-type": "application/json" } }]);
    const err = await failure(client().request(get("/bad")));
    expect(err).toMatchObject({ errorClass: "output_validation", retryable: false });
    expect(err.message).toBe(
      `Unexpected response: 127.0.0.1:${api.port} sent malformed JSON: {"half":`,
    );
  });

  it("stops reading past the response size limit", async () => {
    api.script("/big", [{ body: "x".repeat(6 * 1024 * 1024) }]);
    const err = await failure(client().request(get("/big")));
    expect(err).toMatchObject({ errorClass: "output_validation", retryable: false });
    expect(err.message).toBe(
      `Unexpected response: 127.0.0.1:${api.port} sent more than 5 MB, the response size limit`,
    );
    const small = await failure(client({ maxResponseBytes: 10 }).request(get("/echo")));
    expect(small.message).toBe(
      `Unexpected response: 127.0.0.1:${api.port} sent more than 10 bytes, the response size limit`,
    );
  });

  it("refuses a header value that cannot be sent, permanently", async () => {
    const err = await failure(client().request(get("/echo", { headers: { "x-bad": "a\r\nb" } })));
    expect(err).toMatchObject({ errorClass: "input_validation", retryable: false });
  });

  it("refuses a relative URL without a base URL", async () => {
    const err = await failure(client({ baseUrl: undefined }).request(get("/echo")));
    expect(err).toMatchObject({
      errorClass: "input_validation",
      message: "Not a valid URL: /echo",
    });
  });
});

describe("redirects", () => {
  it("follows 302 after a POST as a GET without body", async () => {
    api.script("/old", [{ status: 302, headers: { location: "/echo" } }]);
    const res = await client().request({ method: "POST", url: "/old", json: { a: 1 } });
    expect(res.body).toMatchObject({ method: "GET", path: "/echo", body: "" });
  });

  it("keeps method and body on 307", async () => {
    api.script("/old", [{ status: 307, headers: { location: "/echo" } }]);
    const res = await client().request({ method: "POST", url: "/old", json: { a: 1 } });
    expect(res.body).toMatchObject({ method: "POST", body: { a: 1 } });
  });

  it("drops credentials when the redirect leaves the origin", async () => {
    const other = await startFakeApi();
    try {
      api.script("/away", [{ status: 301, headers: { location: `${other.url}/echo` } }]);
      await client().request(
        get("/away", { headers: { authorization: "Bearer secret", "x-keep": "1" } }),
      );
      expect(other.requests[0]?.headers.authorization).toBeUndefined();
      expect(other.requests[0]?.headers["x-keep"]).toBe("1");
    } finally {
      await other.close();
    }
  });

  it("does not follow a Location that is not a URL", async () => {
    api.script("/odd", [{ status: 302, headers: { location: "http://[nope" } }]);
    const err = await failure(client().request(get("/odd")));
    expect(err).toMatchObject({ errorClass: "http_4xx", httpStatus: 302 });
  });

  it("gives up after 5 redirects with a permanent error", async () => {
    api.script("/loop", [{ status: 302, headers: { location: "/loop" } }]);
    const err = await failure(client().request(get("/loop")));
    expect(err).toMatchObject({ errorClass: "http_4xx", httpStatus: 302, retryable: false });
    expect(api.requestsTo("/loop")).toHaveLength(6);
  });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++)
    await new Promise((resolve) => setTimeout(resolve, 20));
  expect(condition()).toBe(true);
}
