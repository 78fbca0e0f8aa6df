import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startFakeApi, type FakeApi } from "../fakes/fake-api";
import { authPost } from "../integration/api/http-client";
import { ownerOf } from "../support/accounts";
import { launchBrowser } from "../support/browser";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { seedPageContent } from "../support/page-content";
import { freePort, startWebApp, type WebApp } from "../support/web-app";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";

// React's development warnings ("Only plain objects can be passed to Client Components",
// React Flow's attribution, keys…) are printed by the dev server only; Next replays the
// server's into the browser console, where the browser support's check fails on them.
// So this spec walks every page of the app on `next dev`, with runs that have a failed
// step and an approval, so the run, approval and mailbox pages have content.
// `npm test` runs this file on its own, after the others (package.json, test:dev-server):
// the dev server watches the checkout, and other specs' files (screenshots, builds) made it
// reload the pages under test.
let db: TestDatabase;
let api: FakeApi;
let web: WebApp;
let worker: WorkerProcess;
let browser: Browser;

beforeAll(async () => {
  [db, api] = await Promise.all([createTestDatabase(), startFakeApi()]);
  const port = await freePort();
  const env = { DATABASE_URL: db.url, SWITCHYARD_PUBLIC_URL: `http://127.0.0.1:${port}` };
  // A gate right below the trigger writes its email in this process's starting transaction.
  process.env.SWITCHYARD_PUBLIC_URL = env.SWITCHYARD_PUBLIC_URL;
  [web, worker, browser] = await Promise.all([
    startWebApp(env, port, { dev: true }),
    spawnWorker(db.url, env),
    launchBrowser(),
  ]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await Promise.allSettled([web?.stop(), worker?.stop(), api?.close()]);
  await db?.drop();
});

const RELOADING = new Set([
  "reloadPage",
  "serverComponentChanges",
  "serverOnlyChanges",
  "turbopack-message",
]);

it("no page of the dev server logs an error or a React warning", async () => {
  // Signed up over the auth API, not the form: this spec only visits pages, so nothing of
  // it is lost when the dev server reloads a page (it does when other specs write files).
  const email = "dev@example.test";
  const signedUp = await authPost(web.url, "sign-up/email", {
    name: "Dev",
    email,
    password: "a long password",
  });
  expect(signedUp.status).toBe(200);
  const context = await browser.newContext();
  await context.addCookies(
    signedUp.cookie.split("; ").map((pair) => {
      const eq = pair.indexOf("=");
      return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url: web.url };
    }),
  );
  // The dev server's hot-reload socket, minus what would reload or patch the page: other
  // specs writing files made it reload every page over and over. Everything else (the
  // server's console, replayed) still reaches the page.
  await context.routeWebSocket(/_next\/webpack-hmr/, (ws) => {
    const server = ws.connectToServer();
    server.onMessage((message) => {
      const action = /"(?:action|type)"\s*:\s*"([\w-]+)"/.exec(String(message))?.[1];
      if (!RELOADING.has(action ?? "")) ws.send(message);
    });
  });
  const page = await context.newPage();
  const owner = await ownerOf(db.prisma, email);
  api.script("/ok", [{ json: { ok: true } }]);
  const seeded = await seedPageContent(db.prisma, {
    apiUrl: api.url,
    owner,
    approver: email,
    automationName: "Order check",
  });
  const { automationId, pendingRunId: runId } = seeded;

  const paths = [
    "/",
    "/automations",
    "/automations/new",
    `/automations/${automationId}`,
    `/automations/${automationId}/edit`,
    `/automations/${automationId}/versions`,
    `/runs/${runId}`,
    "/approvals",
    "/mailbox",
    `/mailbox?id=${seeded.reportEmailId}`,
    "/connections",
    "/settings",
    "/settings/api-keys",
  ];
  for (const path of paths) {
    // The first visit compiles the page.
    await page.goto(`${web.url}${path}`, { timeout: 180_000 });
    // Not "networkidle": a runs list re-renders every 2 s while a run is unfinished. The
    // server's warnings come with the page; a second covers what hydration reports.
    await page.waitForLoadState("load", { timeout: 60_000 });
    await page.waitForTimeout(1_000);
    expect(await page.locator("h1").count(), path).toBeGreaterThan(0);
  }
  await context.close();
}, 900_000);
