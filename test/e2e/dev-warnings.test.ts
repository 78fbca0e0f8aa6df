import { expect, it } from "vitest";
import { authPost } from "../integration/api/http-client";
import { ownerOf } from "../support/accounts";
import { seedPageContent } from "../support/page-content";
import { useSpecWorld } from "../support/spec-world";

// React's development warnings ("Only plain objects can be passed to Client Components",
// React Flow's attribution, keys…) are printed by the dev server only; Next replays the
// server's into the browser console, where the browser support's check fails on them.
// So this spec walks every page of the app on `next dev`, with runs that have a failed
// step and an approval, so the run, approval and mailbox pages have content.
// `npm test` runs this file on its own, after the others (package.json, test:dev-server):
// the dev server watches the checkout, and other specs' files (screenshots, builds) made it
// reload the pages under test.
const world = useSpecWorld({ fakeApi: true, dev: true, timeoutMs: 240_000 });

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
  const signedUp = await authPost(world.web.url, "sign-up/email", {
    name: "Dev",
    email,
    password: "a long password",
  });
  expect(signedUp.status).toBe(200);
  const context = await world.browser.newContext();
  await context.addCookies(
    signedUp.cookie.split("; ").map((pair) => {
      const eq = pair.indexOf("=");
      return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url: world.web.url };
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
  const owner = await ownerOf(world.db.prisma, email);
  world.api.script("/ok", [{ json: { ok: true } }]);
  const seeded = await seedPageContent(world.db.prisma, {
    apiUrl: world.api.url,
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
    await page.goto(`${world.web.url}${path}`, { timeout: 180_000 });
    // Not "networkidle": a runs list re-renders every 2 s while a run is unfinished. The
    // server's warnings come with the page; a second covers what hydration reports.
    await page.waitForLoadState("load", { timeout: 60_000 });
    await page.waitForTimeout(1_000);
    expect(await page.locator("h1").count(), path).toBeGreaterThan(0);
  }
  await context.close();
}, 900_000);
