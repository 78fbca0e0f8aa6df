// The demo APIs over real HTTP: bearer tokens, the two APIs, idempotency, faults and the
// HTML index.
import { describe, expect, it } from "vitest";
import { demoConnectorBaseUrls, startDemoApis } from "../../../worker/demo/demo-apis";
import { useDemoApis, validateToken } from "./helpers";

const demo = useDemoApis();

interface Call {
  token?: string | null;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
}

async function call(method: string, path: string, options: Call = {}) {
  const { token = "good", json, headers = {} } = options;
  const res = await fetch(`${demo.apis.url}${path}`, {
    method,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(json === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    body: json === undefined ? options.body : JSON.stringify(json),
  });
  const text = await res.text();
  const isJson = (res.headers.get("content-type") ?? "").includes("json");
  const parsed: unknown = isJson ? JSON.parse(text) : undefined;
  return { status: res.status, headers: res.headers, text, json: parsed };
}

const post = (path: string, json: unknown, options: Call = {}) =>
  call("POST", path, { ...options, json });

describe("bearer tokens", () => {
  it("refuses a call without a token", async () => {
    const res = await call("GET", "/chat/channels", { token: null });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: "invalid_token", message: "Missing bearer token" });
    expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("refuses an inactive (expired or revoked) token and does nothing", async () => {
    const res = await post("/chat/messages", { channel: "general", text: "hi" }, { token: "old" });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error: "invalid_token" });
    expect(demo.apis.state.messages).toEqual([]);
  });

  it("answers 503 when the token cannot be checked", async () => {
    const res = await call("GET", "/chat/channels", { token: "boom" });
    expect(res.status).toBe(503);
    expect(res.json).toMatchObject({ error: "unavailable" });
  });

  it("checks the token's scopes when it lists them", async () => {
    expect((await call("GET", "/chat/channels", { token: "chat-reader" })).status).toBe(200);
    const res = await post(
      "/chat/messages",
      { channel: "general", text: "hi" },
      { token: "chat-reader" },
    );
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ error: "insufficient_scope" });
    expect(res.headers.get("www-authenticate")).toContain('scope="chat:write"');
  });

  it("accepts a token without scopes, posting as a default author", async () => {
    const res = await post(
      "/chat/messages",
      { channel: "general", text: "hi" },
      { token: "anonymous" },
    );
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ author: "demo-user" });
  });
});

describe("Demo Chat", () => {
  it("lists the channels", async () => {
    const res = await call("GET", "/chat/channels");
    expect(res.status).toBe(200);
    const { channels } = res.json as { channels: Array<{ id: string }> };
    expect(channels.map((c) => c.id)).toEqual(["general", "alerts", "sales"]);
  });

  it("posts a message and lists it by channel", async () => {
    const res = await post("/chat/messages", { channel: "#alerts", text: "Disk almost full" });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      id: expect.stringMatching(/^msg_/),
      channel: "alerts",
      text: "Disk almost full",
      author: "ada",
      ts: expect.any(String),
    });
    const { ts } = res.json as { ts: string };
    expect(new Date(ts).toISOString()).toBe(ts);
    await post("/chat/messages", { channel: "general", text: "Hello" });

    const alerts = await call("GET", "/chat/messages?channel=alerts");
    expect(alerts.json).toEqual({ messages: [res.json] });
    const all = await call("GET", "/chat/messages");
    expect(all.json).toMatchObject({ messages: [{ channel: "alerts" }, { channel: "general" }] });
  });

  it("answers 404 for an unknown channel", async () => {
    const res = await post("/chat/messages", { channel: "random", text: "hi" });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({
      error: "channel_not_found",
      message: 'No channel "random"; the channels are general, alerts, sales',
    });
    expect((await call("GET", "/chat/messages?channel=random")).status).toBe(404);
    expect(demo.apis.state.messages).toEqual([]);
  });

  it("rejects an empty message and a body that is not a JSON object", async () => {
    const empty = await post("/chat/messages", { channel: "general", text: "  " });
    expect(empty.status).toBe(422);
    expect(empty.json).toMatchObject({
      error: "validation_failed",
      message: expect.stringMatching(/^text: /),
    });
    const garbage = await call("POST", "/chat/messages", { body: "not json" });
    expect(garbage.status).toBe(400);
    expect(garbage.json).toMatchObject({ error: "invalid_request" });
  });

  it("posts once per Idempotency-Key", async () => {
    const headers = { "idempotency-key": "run-1:node-1:1" };
    const first = await post("/chat/messages", { channel: "sales", text: "New lead" }, { headers });
    const again = await post("/chat/messages", { channel: "sales", text: "New lead" }, { headers });
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(demo.apis.state.messages).toHaveLength(1);
  });
});

describe("Demo Tracker", () => {
  const issue = { title: "Printer on fire", body: "Again.", labels: ["bug", "urgent"] };

  it("creates an issue", async () => {
    const res = await post("/tracker/issues", issue);
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      id: expect.stringMatching(/^iss_/),
      number: 1,
      title: "Printer on fire",
      body: "Again.",
      labels: ["bug", "urgent"],
      url: `${demo.apis.url}/#issue-1`,
      state: "open",
      author: "ada",
      createdAt: expect.any(String),
    });
    expect((await post("/tracker/issues", { title: "Second" })).json).toMatchObject({
      number: 2,
      body: null,
      labels: [],
    });
    const list = await call("GET", "/tracker/issues");
    expect(list.json).toMatchObject({ issues: [{ number: 1 }, { number: 2 }] });
  });

  it("creates one issue for the same Idempotency-Key, and replays the first answer", async () => {
    const headers = { "idempotency-key": "run-7:create:1" };
    const first = await post("/tracker/issues", issue, { headers });
    const second = await post("/tracker/issues", issue, { headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.json).toEqual(first.json);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(demo.apis.state.issues).toHaveLength(1);

    // Another key is another issue; the same key for something else is refused.
    await post("/tracker/issues", issue, { headers: { "idempotency-key": "run-7:create:2" } });
    expect(demo.apis.state.issues).toHaveLength(2);
    const reused = await post("/tracker/issues", { title: "Other" }, { headers });
    expect(reused.status).toBe(422);
    expect(reused.json).toMatchObject({ error: "idempotency_key_reused" });
  });

  it("without an Idempotency-Key, each POST creates an issue", async () => {
    await post("/tracker/issues", issue);
    await post("/tracker/issues", issue);
    expect(demo.apis.state.issues).toHaveLength(2);
  });

  it("comments on an issue, and shows the comments with it", async () => {
    await post("/tracker/issues", issue);
    const res = await post("/tracker/issues/1/comments", { body: "On it" });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      id: expect.stringMatching(/^cmt_/),
      issueNumber: 1,
      body: "On it",
      author: "ada",
      createdAt: expect.any(String),
    });
    const shown = await call("GET", "/tracker/issues/1");
    expect(shown.json).toMatchObject({ number: 1, comments: [res.json] });
  });

  it("answers 404 for an unknown issue, 405 for a wrong method, 404 for an unknown path", async () => {
    const missing = await post("/tracker/issues/9/comments", { body: "?" });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: "not_found", message: "No issue #9" });
    const wrongMethod = await call("DELETE", "/tracker/issues");
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET, POST");
    expect((await call("GET", "/tracker/nothing")).status).toBe(404);
  });
});

describe("fault injection", () => {
  const message = { channel: "general", text: "hi" };

  it("fails the next calls to a path with the status asked for, then recovers", async () => {
    const added = await post(
      "/_demo/faults",
      { path: "/chat/messages", status: 503, count: 2, retryAfterSeconds: 3 },
      { token: null },
    );
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({
      fault: { path: "/chat/messages", remaining: 2, method: null },
    });

    for (let i = 0; i < 2; i++) {
      const res = await post("/chat/messages", message);
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("3");
      expect(res.json).toMatchObject({ error: "demo_fault" });
    }
    expect(demo.apis.state.messages).toEqual([]);
    expect((await post("/chat/messages", message)).status).toBe(201);
    expect((await call("GET", "/_demo/faults", { token: null })).json).toEqual({ faults: [] });
  });

  it("only fails the method asked for", async () => {
    await post("/_demo/faults", { path: "/chat/messages/", status: 500, method: "post" });
    expect((await call("GET", "/chat/messages")).status).toBe(200);
    expect((await post("/chat/messages", message)).status).toBe(500);
  });

  it("answers 401 invalid_token for an injected 401, as for a revoked token", async () => {
    await post("/_demo/faults", { path: "/chat/channels", status: 401 });
    const res = await call("GET", "/chat/channels");
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error: "invalid_token" });
  });

  it("fails a whole app by a path prefix, slows it down, and drops one app's faults only", async () => {
    await post("/_demo/faults", { path: "/chat/*", status: 500, count: 10 });
    await post("/_demo/faults", { path: "/tracker/*", delayMs: 300, count: 10 });
    expect((await call("GET", "/chat/channels")).status).toBe(500);
    expect((await post("/chat/messages", message)).status).toBe(500);
    const started = Date.now();
    expect((await call("GET", "/tracker/issues")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);

    expect((await call("DELETE", "/_demo/faults?path=/chat/*")).status).toBe(204);
    expect((await call("GET", "/chat/channels")).status).toBe(200);
    expect(demo.apis.state.faults.map((f) => f.path)).toEqual(["/tracker/*"]);
  });

  it("after the effect: the retry with the same key gets the first object, not a copy", async () => {
    await post("/_demo/faults", { path: "/tracker/issues", status: 502, afterEffect: true });
    const headers = { "idempotency-key": "run-3:node:1" };
    const lost = await post("/tracker/issues", { title: "Once" }, { headers });
    expect(lost.status).toBe(502);
    expect(demo.apis.state.issues).toHaveLength(1);
    const retry = await post("/tracker/issues", { title: "Once" }, { headers });
    expect(retry.status).toBe(201);
    expect(retry.json).toMatchObject({ number: 1, title: "Once" });
    expect(demo.apis.state.issues).toHaveLength(1);
  });

  it("rejects a bad fault, a request from another origin, and can drop faults and reset", async () => {
    const bad = await post("/_demo/faults", { path: "chat", status: 200 });
    expect(bad.status).toBe(422);
    const foreign = await post(
      "/_demo/faults",
      { path: "/chat/messages", status: 500 },
      { headers: { origin: "https://evil.example" } },
    );
    expect(foreign.status).toBe(403);
    expect(demo.apis.state.faults).toEqual([]);

    await post("/_demo/faults", { path: "/chat/messages", status: 500, count: 5 });
    expect((await call("DELETE", "/_demo/faults")).status).toBe(204);
    expect(demo.apis.state.faults).toEqual([]);

    await post("/chat/messages", message);
    expect((await call("POST", "/_demo/reset")).status).toBe(204);
    expect(demo.apis.state.messages).toEqual([]);
  });
});

describe("HTML index", () => {
  it("lists what was posted, escaped, without a token", async () => {
    const nasty = `<script>alert("x")</script> & 'quotes'`;
    await post("/chat/messages", { channel: "general", text: nasty });
    await post("/tracker/issues", { title: `<img src=x onerror=alert(1)>`, labels: ["<b>"] });
    await post("/tracker/issues/1/comments", { body: "</pre><script>1</script>" });

    const res = await call("GET", "/", { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.text).toContain(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;",
    );
    expect(res.text).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(res.text).toContain("&lt;b&gt;");
    expect(res.text).toContain("&lt;/pre&gt;&lt;script&gt;1&lt;/script&gt;");
    expect(res.text).toContain('id="issue-1"');
    expect(res.text).not.toMatch(/<script|<img|<b>/);
  });
});

describe("startDemoApis", () => {
  it("listens on the port asked for, and closes", async () => {
    const probe = await startDemoApis({ port: 0, validateToken });
    const port = Number(new URL(probe.url).port);
    await probe.close();
    const apis = await startDemoApis({ port, validateToken });
    expect(apis.url).toBe(`http://127.0.0.1:${port}`);
    await apis.close();
    await expect(fetch(`${apis.url}/`)).rejects.toThrow();
  });

  it("gives the base URLs for the demo connectors", () => {
    expect(demoConnectorBaseUrls("http://127.0.0.1:4011/")).toEqual({
      "demo-chat": "http://127.0.0.1:4011/chat",
      "demo-tracker": "http://127.0.0.1:4011/tracker",
    });
  });
});
