import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Graph, GraphEdge, GraphNode } from "../../worker/engine/types";
import { call, type Credentials } from "../integration/api/http-client";
import { signUpOverHttp } from "../support/accounts";
import { launchBrowser } from "../support/browser";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { startWebApp, type WebApp } from "../support/web-app";

// Issue 16's attacks on size and rate, run against the built app (web + intake front),
// each with the defence that now holds (docs/reliability.md, "Attacks and defences"):
// graphs over the documented limits, pages and runs at the limits, triggers faster than
// the server's floor, and a workspace flooding its webhooks.
const QUOTA = 5;

let db: TestDatabase;
let web: WebApp;
let browser: Browser;
let owner: Awaited<ReturnType<typeof signUpOverHttp>>;
let key: Credentials;

beforeAll(async () => {
  db = await createTestDatabase();
  web = await startWebApp({
    DATABASE_URL: db.url,
    SWITCHYARD_WEBHOOK_QUOTA_PER_MINUTE: String(QUOTA),
    // The server's defaults, whatever the shell running the tests says.
    SWITCHYARD_MIN_TRIGGER_INTERVAL_SECONDS: "60",
  });
  browser = await launchBrowser();
  owner = await signUpOverHttp(db.prisma, web.url, {
    name: "Mallory",
    email: "mallory@example.test",
    password: "a long attack passphrase 16",
  });
  key = { apiKey: owner.apiKey };
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await db?.drop();
});

const api = (method: string, path: string, body?: unknown) =>
  call(`${web.url}/api/v1`, key, method, path, body);

const step = (id: string): GraphNode => ({
  id,
  type: "action",
  action: "util.pass_data",
  input: { data: { from: id, order: "{{ trigger.order }}" } },
});

/** trigger -> s1 -> ... -> s<size-1>: the deepest graph of its size. */
function chain(size: number): Graph {
  const nodes: GraphNode[] = [{ id: "trigger", type: "trigger" }];
  for (let i = 1; i < size; i++) nodes.push(step(`s${i}`));
  const edges = nodes
    .slice(1)
    .map((node, i) => ({ from: nodes[i]!.id, to: node.id, kind: "dependent" as const }));
  return { nodes, edges };
}

/** The trigger fans out to every step, and steps join later ones: the widest layout. */
function wide(size: number, edgeCount: number): Graph {
  const { nodes } = chain(size);
  const edges: GraphEdge[] = nodes
    .slice(1)
    .map((n) => ({ from: "trigger", to: n.id, kind: "dependent" }));
  for (let gap = 1; edges.length < edgeCount; gap++) {
    for (let i = 1; i + gap < size && edges.length < edgeCount; i++) {
      edges.push({ from: `s${i}`, to: `s${i + gap}`, kind: "independent" });
    }
  }
  return { nodes, edges };
}

const counts = async () => ({
  automations: await db.prisma.automation.count(),
  versions: await db.prisma.automationVersion.count(),
});

function expectRefusal(res: { status: number; json: unknown }, phrase: string) {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  const error = (res.json as { error: { message: string; details?: unknown } }).error;
  expect(`${error.message} ${JSON.stringify(error.details ?? "")}`).toContain(phrase);
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

it("a 10,000-node graph, and a graph over any other limit, is refused with a 4xx naming the limit; nothing is stored", async () => {
  const before = await counts();
  // 10,000 nodes without inputs, so the body stays well under any body-size cap.
  const huge: Graph = {
    nodes: [
      { id: "trigger", type: "trigger" },
      ...Array.from({ length: 9_999 }, (_, i) => ({
        id: `n${i}`,
        type: "action" as const,
        action: "util.pass_data",
      })),
    ],
    edges: Array.from({ length: 2_001 }, (_, i) => ({
      from: i === 0 ? "trigger" : `n${i - 1}`,
      to: `n${i}`,
      kind: "dependent" as const,
    })),
  };
  const { result: refused, ms } = await timed(() =>
    api("POST", "/automations", { name: "Ten thousand", graph: huge }),
  );
  expect(refused.status).toBe(422);
  expectRefusal(refused, "a graph may have at most 500 nodes; this one has 10000");
  expectRefusal(refused, "a graph may have at most 2000 edges; this one has 2001");
  expect(ms).toBeLessThan(15_000); // refused, not worked through (it took minutes to render)

  const saved = await api("POST", "/automations", { name: "Small", graph: chain(3) });
  expect(saved.status, saved.text).toBe(201);
  const { automationId } = saved.json as { automationId: string };
  const long = "x".repeat(65_537);
  const overs: [Graph, string][] = [
    [chain(501), "at most 500 nodes; this one has 501"],
    [wide(500, 2_001), "at most 2000 edges; this one has 2001"],
    [
      {
        ...chain(2),
        nodes: [
          { id: "trigger", type: "trigger" },
          { ...step("s1"), name: "n".repeat(201) },
        ],
      },
      "at most 200 characters",
    ],
    [
      {
        ...chain(2),
        nodes: [
          { id: "trigger", type: "trigger" },
          { ...step("s1"), input: { data: long } },
        ],
      },
      "a text may have at most 65536 characters; this one has 65537",
    ],
  ];
  for (const [graph, phrase] of overs) {
    expectRefusal(await api("POST", `/automations/${automationId}/versions`, { graph }), phrase);
    // Checking without saving says the same.
    const checked = await api("POST", "/automations/validate", { graph });
    expect(checked.status).toBe(200);
    expect(JSON.stringify(checked.json)).toContain(phrase);
  }
  expect(await counts()).toEqual({
    automations: before.automations + 1,
    versions: before.versions + 1,
  });
});

it("at the limit, the automation page and the builder answer within seconds, and a run starts at once", async () => {
  for (const [name, graph, ready] of [
    ["Deepest", chain(500), 1],
    ["Widest", wide(500, 2_000), 1],
    ["Fan-out", wide(500, 499), 499],
  ] as const) {
    const saved = await api("POST", "/automations", { name, graph });
    expect(saved.status, saved.text).toBe(201);
    const { automationId } = saved.json as { automationId: string };
    for (const path of [`/automations/${automationId}`, `/automations/${automationId}/edit`]) {
      const { result: page, ms } = await timed(async () => {
        const res = await fetch(`${web.url}${path}`, { headers: { cookie: owner.cookie } });
        return { status: res.status, html: await res.text() };
      });
      expect(page.status, `${name} ${path}`).toBe(200);
      expect(page.html).toContain("s499");
      expect(ms, `${name} ${path}`).toBeLessThan(15_000);
    }
    // All 500 node rows in one statement, and the ready ones enqueued, inside the
    // request: no transaction timeout (every run of a 10,000-node graph answered 500).
    const { result: started, ms } = await timed(() =>
      api("POST", `/automations/${automationId}/runs`, { payload: { order: "A-1" } }),
    );
    expect(started.status, started.text).toBe(201);
    expect(ms).toBeLessThan(15_000);
    const { runId } = started.json as { runId: string };
    expect(await db.prisma.nodeRun.count({ where: { runId } })).toBe(500);
    const queued = await db.prisma.nodeRun.count({ where: { runId, state: "queued" } });
    expect(queued).toBe(ready);
  }
});

it("in the builder at the limit, one step more is refused with the limit named, and nothing is saved", async () => {
  const saved = await api("POST", "/automations", { name: "Full", graph: wide(500, 2_000) });
  const { automationId } = saved.json as { automationId: string };
  const context = await browser.newContext();
  const [name, value] = owner.cookie.split(";")[0]!.split("=") as [string, string];
  await context.addCookies([{ name, value, url: web.url }]);
  const page = await context.newPage();
  await page.goto(`${web.url}/automations/${automationId}/edit`, { timeout: 60_000 });
  await page.locator('li[data-step="s499"]').waitFor({ timeout: 60_000 });
  // CSS locators: computing the accessible name of every one of the page's 2,500 buttons
  // (getByRole) takes Playwright itself tens of seconds here.
  await page.locator("button", { hasText: /^Add action step$/ }).click();
  await page.locator('li[data-step="step_500"]').waitFor({ timeout: 60_000 });
  await page.locator('button[type="submit"]', { hasText: "Save new version" }).click();
  const notice = page.locator('[role="alert"]', { hasText: "Not saved" });
  await notice.waitFor({ timeout: 60_000 });
  expect(await page.content()).toContain("a graph may have at most 500 nodes; this one has 501");
  expect(await db.prisma.automationVersion.count({ where: { automationId } })).toBe(1);
  await context.close();
});

it("a schedule or poll faster than the server's floor is refused at save, saying so", async () => {
  const before = await counts();
  const triggered = (trigger: GraphNode["trigger"]): Graph => ({
    nodes: [{ id: "trigger", type: "trigger", trigger }],
    edges: [],
  });
  const everySecond = await api("POST", "/automations", {
    name: "Every second",
    graph: triggered({ kind: "schedule", schedule: { cron: "* * * * * *", timezone: "UTC" } }),
  });
  expect(everySecond.status).toBe(422);
  expectRefusal(
    everySecond,
    "starts a run as often as every second; this server allows at most one every minute",
  );
  const pollFast = await api("POST", "/automations", {
    name: "Poll fast",
    graph: triggered({
      kind: "poll",
      poll: { source: "github.new_issue", input: { owner: "o", repo: "r" }, intervalSeconds: 1 },
    }),
  });
  expectRefusal(pollFast, "this server allows at most one every minute");
  expect(await counts()).toEqual(before);
  const hourly = await api("POST", "/automations", {
    name: "Hourly",
    graph: triggered({ kind: "schedule", schedule: { cron: "0 * * * *", timezone: "UTC" } }),
  });
  expect(hourly.status, hourly.text).toBe(201);
});

it("webhooks over the workspace's quota get 429 with Retry-After, nothing is stored, and the owner sees the count", async () => {
  const hooked = async (credentials: Credentials, name: string) => {
    const saved = await call(`${web.url}/api/v1`, credentials, "POST", "/automations", {
      name,
      graph: {
        nodes: [{ id: "trigger", type: "trigger", trigger: { kind: "webhook", webhook: {} } }],
        edges: [],
      },
    });
    expect(saved.status, saved.text).toBe(201);
    const { automationId } = saved.json as { automationId: string };
    const row = await db.prisma.automation.findUniqueOrThrow({ where: { id: automationId } });
    return { automationId, url: `${web.url}/hooks/${row.webhookToken}` };
  };
  const flooded = await hooked(key, "Flooded");
  const other = await signUpOverHttp(db.prisma, web.url, {
    name: "Olive",
    email: "olive@example.test",
    password: "another long passphrase 29",
  });
  const neighbour = await hooked({ apiKey: other.apiKey }, "Neighbour");
  // The quota counts per minute: start early in one, so the burst stays inside it.
  const second = new Date().getUTCSeconds();
  if (second > 40) await new Promise((r) => setTimeout(r, (61 - second) * 1000));

  const post = (url: string, i: number) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ i }),
    });
  const answers = [];
  for (let i = 0; i < QUOTA + 3; i++) answers.push(await post(flooded.url, i));
  expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202, 429, 429, 429]);
  for (const refused of answers.slice(QUOTA)) {
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("webhook_quota_exceeded");
    expect(body.error.message).toContain(`its ${QUOTA} webhooks for this minute`);
  }
  expect(
    await db.prisma.webhookEvent.count({ where: { automationId: flooded.automationId } }),
  ).toBe(QUOTA);
  // Another workspace's webhooks are not held back by this one's flood.
  expect((await post(neighbour.url, 0)).status).toBe(202);

  const settings = await fetch(`${web.url}/settings`, { headers: { cookie: owner.cookie } });
  const html = await settings.text();
  expect(html).toContain("3 webhooks were refused over the quota in the last hour.");
  expect(html).toContain(`This workspace may receive ${QUOTA} webhooks a minute`);
});
