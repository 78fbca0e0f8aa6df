import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVER_ACTION_MAX_BODY_BYTES } from "../../app/_lib/page-security";
import { MAX_NESTING_DEPTH } from "../../prisma/storable";
import { HSTS_VALUE } from "../../worker/http/security-headers";
import { authPost, call, type Credentials } from "../integration/api/http-client";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { waitForEventRun, waitForRunEnd } from "../support/runs";
import { startWebApp, type WebApp } from "../support/web-app";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";

// Attacks on the HTTP edges (issue 16, part B), run against the built app behind its
// intake front with a real worker: each test makes the attack the security review made
// and asserts the defence (docs/reliability.md, "Attacks and defences" → "HTTP edges").
const EVIL = "http://evil.example";
const TOO_DEEP_ARRAYS = "[".repeat(100_000) + "]".repeat(100_000);

let db: TestDatabase;
let web: WebApp;
let worker: WorkerProcess;
let api: string;
let alice: { cookie: string; key: Credentials };
let bob: { cookie: string };
let automationId: string;
let hook: string;

// Reads each field a sender could name after Object.prototype's members.
const probeGraph = {
  nodes: [
    { id: "trigger", type: "trigger", trigger: { kind: "webhook", webhook: {} } },
    {
      id: "probe",
      type: "action",
      action: "util.pass_data",
      input: {
        data: {
          constructor: "{{ trigger.constructor }}",
          toString: "{{ trigger.toString }}",
          hasOwnProperty: "{{ trigger.hasOwnProperty }}",
          valueOf: "{{ trigger.valueOf }}",
          proto: "{{ trigger.__proto__ }}",
        },
      },
    },
  ],
  edges: [{ from: "trigger", to: "probe", kind: "dependent" }],
};

beforeAll(async () => {
  db = await createTestDatabase();
  [web, worker] = await Promise.all([
    startWebApp({ DATABASE_URL: db.url, SWITCHYARD_HSTS: "true" }),
    spawnWorker(db.url),
  ]);
  api = `${web.url}/api/v1`;
  const signUp = async (name: string, email: string) =>
    (await authPost(web.url, "sign-up/email", { name, email, password: "attack suite pass 7" }))
      .cookie;
  const [aliceCookie, bobCookie] = [
    await signUp("Alice", "alice@example.test"),
    await signUp("Bob", "bob@example.test"),
  ];
  const created = await call(api, { cookie: aliceCookie }, "POST", "/api-keys", { name: "a" });
  expect(created.status, created.text).toBe(201);
  alice = { cookie: aliceCookie, key: { apiKey: (created.json as { key: string }).key } };
  bob = { cookie: bobCookie };
  // Bob's own key, so his page has a revoke form to aim at Alice's.
  expect((await call(api, bob, "POST", "/api-keys", { name: "b" })).status).toBe(201);
  const saved = await call(api, alice.key, "POST", "/automations", {
    name: "Attack target",
    graph: probeGraph,
  });
  expect(saved.status, saved.text).toBe(201);
  automationId = (saved.json as { automationId: string }).automationId;
  const automation = await db.prisma.automation.findUniqueOrThrow({ where: { id: automationId } });
  hook = `${web.url}/hooks/${automation.webhookToken}`;
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await web?.stop();
  await db?.drop();
});

/** What a refused request must not have written. */
const counts = () =>
  Promise.all([
    db.prisma.apiKey.count({ where: { revokedAt: null } }),
    db.prisma.automation.count(),
    db.prisma.automationVersion.count(),
    db.prisma.run.count(),
    db.prisma.webhookEvent.count(),
  ]);

async function expectRefusal(res: Response, status: number, message?: RegExp) {
  const text = await res.text();
  expect(res.status, text.slice(0, 300)).toBe(status);
  const { error } = JSON.parse(text) as { error: { code: string; message: string } };
  expect(error.code).toEqual(expect.any(String));
  if (message) expect(error.message).toMatch(message);
  return error;
}

const aliceKey = () =>
  db.prisma.apiKey.findFirstOrThrow({
    where: { revokedAt: null, user: { email: "alice@example.test" } },
  });

/** A value stored in a jsonb column, as Postgres holds it (no client-side parsing). */
async function storedJson(sql: string, id: string): Promise<unknown> {
  const [row] = await db.prisma.$queryRawUnsafe<{ json: string }[]>(sql, id);
  return JSON.parse(row!.json);
}
const eventPayload = (eventId: string) =>
  storedJson(`SELECT payload::text AS json FROM "WebhookEvent" WHERE id = $1`, eventId);
const probeOutput = async (runId: string) =>
  storedJson(
    `SELECT output::text AS json FROM "NodeRun" WHERE "runId" = $1 AND "nodeId" = 'probe'`,
    runId,
  );

describe("CSRF: cookie-authenticated REST writes", () => {
  const forged = (path: string, headers: Record<string, string>, method = "POST") =>
    fetch(`${api}${path}`, {
      method,
      headers: { cookie: alice.cookie, ...headers },
      body: method === "DELETE" ? undefined : JSON.stringify({ name: "csrf", payload: {} }),
    });

  it("a foreign page's text/plain POST creates no API key and starts no run (403)", async () => {
    const before = await counts();
    for (const path of ["/api-keys", `/automations/${automationId}/runs`]) {
      const res = await forged(path, { origin: EVIL, "content-type": "text/plain" });
      await expectRefusal(res, 403, /own pages/);
    }
    expect(await counts()).toEqual(before);
  });

  it("without an Origin: a foreign Referer, or neither header, is refused too", async () => {
    const before = await counts();
    const referred = forged("/api-keys", { referer: `${EVIL}/x`, "content-type": "text/plain" });
    await expectRefusal(await referred, 403);
    await expectRefusal(await forged("/api-keys", { "content-type": "application/json" }), 403);
    expect(await counts()).toEqual(before);
  });

  it("a foreign DELETE of the victim's own key revokes nothing (403)", async () => {
    const key = await aliceKey();
    const res = await forged(`/api-keys/${key.id}`, { origin: EVIL }, "DELETE");
    await expectRefusal(res, 403);
    expect((await db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBe(
      null,
    );
  });

  it("a same-origin write that is not JSON is 415, naming the type to send", async () => {
    const before = await counts();
    const res = await forged("/api-keys", { origin: web.url, "content-type": "text/plain" });
    await expectRefusal(res, 415, /application\/json/);
    expect(await counts()).toEqual(before);
  });

  it("the app's own JSON writes pass, and API-key calls are unaffected by Origin", async () => {
    const own = await forged("/api-keys", { origin: web.url, "content-type": "application/json" });
    expect(own.status).toBe(201);
    const res = await fetch(`${api}/automations/${automationId}/runs`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${(alice.key as { apiKey: string }).apiKey}`,
        origin: EVIL,
        "content-type": "text/plain",
      },
      body: JSON.stringify({ payload: {} }),
    });
    expect(res.status).toBe(201);
  });
});

describe("payload field names: stored as sent, never Object.prototype", () => {
  const postForm = (body: string) =>
    fetch(hook, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });

  it("form fields constructor, toString, hasOwnProperty, valueOf, __proto__: 202, stored, read by templates", async () => {
    const res = await postForm("constructor=c&toString=t&hasOwnProperty=h&valueOf=v&__proto__=p");
    expect(res.status, await res.clone().text()).toBe(202);
    const { eventId } = (await res.json()) as { eventId: string };
    expect(await eventPayload(eventId)).toEqual(
      JSON.parse(
        '{"constructor":"c","toString":"t","hasOwnProperty":"h","valueOf":"v","__proto__":"p"}',
      ),
    );
    const run = await waitForRunEnd(db.prisma, await waitForEventRun(db.prisma, eventId));
    expect(run.status).toBe("succeeded");
    expect(await probeOutput(run.id)).toEqual({
      data: { constructor: "c", toString: "t", hasOwnProperty: "h", valueOf: "v", proto: "p" },
    });
  });

  it("a JSON __proto__ field (webhook or REST run) is kept; absent names read as null, not as Object's members", async () => {
    const body = '{"__proto__":{"isAdmin":true},"a":1}';
    const res = await fetch(hook, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(res.status).toBe(202);
    const { eventId } = (await res.json()) as { eventId: string };
    // (jsonb orders keys by length)
    expect(Object.keys((await eventPayload(eventId)) as object)).toEqual(["a", "__proto__"]);
    const hooked = await waitForRunEnd(db.prisma, await waitForEventRun(db.prisma, eventId));

    const started = await fetch(`${api}/automations/${automationId}/runs`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${(alice.key as { apiKey: string }).apiKey}`,
        "content-type": "application/json",
      },
      body: `{"payload":${body}}`,
    });
    expect(started.status).toBe(201);
    const direct = await waitForRunEnd(
      db.prisma,
      ((await started.json()) as { runId: string }).runId,
    );
    for (const run of [hooked, direct]) {
      expect(run.status).toBe("succeeded");
      expect(await probeOutput(run.id)).toEqual({
        data: {
          constructor: null,
          toString: null,
          hasOwnProperty: null,
          valueOf: null,
          proto: { isAdmin: true },
        },
      });
    }
  });
});

describe("nesting depth and sizes", () => {
  const withKey = (path: string, body: BodyInit, init: RequestInit = {}) =>
    fetch(`${api}${path}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${(alice.key as { apiKey: string }).apiKey}`,
        "content-type": "application/json",
      },
      body,
      ...init,
    });
  const depthLimit = new RegExp(`${MAX_NESTING_DEPTH} levels`);

  it("a webhook payload of 100,000 nested arrays: 400 naming the limit, nothing stored", async () => {
    const before = await counts();
    const res = await fetch(hook, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: TOO_DEEP_ARRAYS,
    });
    expect((await expectRefusal(res, 400, depthLimit)).code).toBe("nesting_too_deep");
    expect(await counts()).toEqual(before);
  });

  it("a graph nested 5,000 levels, and a run payload of 100,000: 400 naming the limit, nothing stored", async () => {
    const before = await counts();
    const deepInput = '{"a":'.repeat(5_000) + "1" + "}".repeat(5_000);
    const graph = JSON.stringify(probeGraph).replace('"input":{', `"input":{"deep":${deepInput},`);
    await expectRefusal(
      await withKey("/automations", `{"name":"Deep","graph":${graph}}`),
      400,
      depthLimit,
    );
    await expectRefusal(
      await withKey(`/automations/${automationId}/runs`, `{"payload":${TOO_DEEP_ARRAYS}}`),
      400,
      depthLimit,
    );
    expect(await counts()).toEqual(before);
  });

  it("a REST body over the 1 MB cap: 413, whether declared or streamed without a length", async () => {
    const before = await counts();
    const big = JSON.stringify({ name: "Big", graph: probeGraph, pad: "x".repeat(1_100_000) });
    await expectRefusal(await withKey("/automations", big), 413, /1048576 bytes/);
    const chunks = [big.slice(0, 600_000), big.slice(600_000)];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const streamed = await withKey("/automations", stream, { duplex: "half" } as RequestInit);
    await expectRefusal(streamed, 413, /1048576 bytes/);
    expect(await counts()).toEqual(before);
  });

  it("names and messages over their lengths are refused and nothing is stored", async () => {
    const before = await counts();
    const named = (patch: (g: typeof probeGraph) => void, name = "Long") => {
      const graph = structuredClone(probeGraph) as typeof probeGraph;
      patch(graph);
      return withKey("/automations", JSON.stringify({ name, graph }));
    };
    for (const res of [
      await named(() => {}, "n".repeat(201)),
      await named((g) => Object.assign(g.nodes[1]!, { name: "s".repeat(201) })),
      await named((g) =>
        g.nodes.push({
          id: "gate",
          type: "approval",
          approval: { approvers: ["a@example.test"], message: "m".repeat(5_001) },
        } as never),
      ),
    ]) {
      expect(res.status, await res.clone().text()).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect(await counts()).toEqual(before);
  });
});

describe("security headers", () => {
  const page = (path: string, cookie?: string) =>
    fetch(`${web.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });

  it("pages: a fresh nonce on every script, frame-ancestors 'none', nosniff, HSTS, no X-Powered-By", async () => {
    const nonces = new Set<string>();
    for (const path of ["/sign-in", "/settings/api-keys", "/approvals/t/not-a-token"]) {
      const res = await page(path, alice.cookie);
      expect(res.status, path).toBe(200);
      const policy = res.headers.get("content-security-policy") ?? "";
      const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
      expect(nonce, path).toBeDefined();
      nonces.add(nonce!);
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
      const scripts = [...(await res.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("strict-transport-security")).toBe(HSTS_VALUE);
      expect(res.headers.get("x-powered-by")).toBeNull();
    }
    expect(nonces.size).toBe(3);
  });

  it("approval and retry link pages send no Referer; other pages only their origin", async () => {
    for (const path of ["/approvals/t/abc", "/r/retry/abc"]) {
      expect((await page(path)).headers.get("referrer-policy"), path).toBe("no-referrer");
    }
    const signIn = await page("/sign-in");
    expect(signIn.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });

  it("the API, static files and the intake front's own answers: nosniff, nothing may frame or load", async () => {
    const html = await (await page("/sign-in")).text();
    const chunk = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)![1]!;
    const answers = [
      await fetch(`${api}/openapi.json`),
      await fetch(`${api}/automations`),
      await fetch(`${web.url}${chunk}`),
      await fetch(`${web.url}/icon.svg`),
      await fetch(`${web.url}/hooks/no-such-token`, { method: "POST" }),
      await fetch(`${web.url}/_intake/health`),
    ];
    for (const res of answers) {
      expect(res.headers.get("x-content-type-options"), res.url).toBe("nosniff");
      expect(res.headers.get("content-security-policy"), res.url).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      expect(res.headers.get("x-powered-by"), res.url).toBeNull();
    }
    const intakeOwn = answers.slice(4);
    for (const res of intakeOwn) {
      expect(res.headers.get("strict-transport-security"), res.url).toBe(HSTS_VALUE);
      expect(res.headers.get("referrer-policy"), res.url).toBe("no-referrer");
    }
  });
});

describe("server actions: every refusal a 4xx with a message", () => {
  /** The action id of the page's form that has a field named `field`. */
  async function formAction(path: string, cookie: string, field: string): Promise<string> {
    const html = await (await fetch(`${web.url}${path}`, { headers: { cookie } })).text();
    const form = [...html.matchAll(/<form\b[^>]*>(.*?)<\/form>/gs)]
      .map((m) => m[1]!)
      .find((f) => f.includes(`name="${field}"`));
    const id = form && /name="(\$ACTION_ID_[0-9a-f]+)"/.exec(form)?.[1];
    if (!id) throw new Error(`no form with ${field} on ${path}`);
    return id;
  }
  const submit = (path: string, cookie: string, origin: string, fields: Record<string, string>) => {
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) body.set(name, value);
    return fetch(`${web.url}${path}`, {
      method: "POST",
      headers: { cookie, origin },
      body,
      redirect: "manual",
    });
  };

  it("a server action called from another origin: 403 saying why, the key stays active", async () => {
    const key = await aliceKey();
    const action = await formAction("/settings/api-keys", alice.cookie, "keyId");
    const res = await submit("/settings/api-keys", alice.cookie, EVIL, {
      [action]: "",
      keyId: key.id,
    });
    await expectRefusal(res, 403, /own pages/);
    expect((await db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBe(
      null,
    );
  });

  it("revoking another workspace's API key: the page says there is no such key; it stays active", async () => {
    const key = await aliceKey();
    const action = await formAction("/settings/api-keys", bob.cookie, "keyId");
    const res = await submit("/settings/api-keys", bob.cookie, web.url, {
      [action]: "",
      keyId: key.id,
    });
    expect(res.status).toBe(303);
    const shown = await fetch(new URL(res.headers.get("location")!, web.url), {
      headers: { cookie: bob.cookie },
    });
    expect(await shown.text()).toContain("This workspace has no such API key");
    expect((await db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBe(
      null,
    );
  });

  it("form actions given ids that do not parse answer 404", async () => {
    const page = `/automations/${automationId}`;
    for (const [path, field, bad] of [
      ["/settings/api-keys", "keyId", ""],
      [page, "payload", "not-an-id"],
      [page, "queueWhilePaused", "not-an-id"],
    ] as const) {
      const action = await formAction(path, alice.cookie, field);
      const res = await submit(path, alice.cookie, web.url, {
        [action]: "",
        keyId: bad,
        automationId: bad,
      });
      expect(res.status, `${path} ${field}`).toBe(404);
    }
  });

  it("a server-action body over the limit: 413, not Next.js's 500", async () => {
    const action = await formAction("/settings/api-keys", alice.cookie, "keyId");
    const res = await submit("/settings/api-keys", alice.cookie, web.url, {
      [action]: "",
      keyId: "k".repeat(SERVER_ACTION_MAX_BODY_BYTES + 1),
    });
    await expectRefusal(res, 413, new RegExp(`${SERVER_ACTION_MAX_BODY_BYTES} bytes`));
  });
});
