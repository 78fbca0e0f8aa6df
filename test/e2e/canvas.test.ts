import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startDemoWorld, type DemoWorld } from "../../worker/demo/start-demo-world";
import { signUpInBrowser } from "../support/accounts";
import { launchBrowser, screenshot } from "../support/browser";
import {
  addFromPalette,
  box,
  canvas,
  dragEdge,
  edgeBetween,
  fill,
  select,
  sidePanel,
  switchEdge,
} from "../support/canvas-ui";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { connectDemoAccount } from "../support/demo-connect";
import { freePort, startWebApp, type WebApp } from "../support/web-app";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";

// Issue 18 as a user meets it, in Debian's Chromium: build the three-branch automation
// (a fan-out, a dependent child, an independent join, a condition and an approval gate)
// only on the canvas and its side panel, save it, run it while one service fails, and
// read the outcome on the run's graph.
let db: TestDatabase;
let demo: DemoWorld;
let web: WebApp;
let worker: WorkerProcess;
let browser: Browser;

beforeAll(async () => {
  db = await createTestDatabase();
  const port = await freePort();
  demo = await startDemoWorld({ webOrigin: `http://127.0.0.1:${port}` });
  const env = {
    ...demo.env,
    DATABASE_URL: db.url,
    SWITCHYARD_PUBLIC_URL: `http://127.0.0.1:${port}`,
  };
  [web, worker, browser] = await Promise.all([
    startWebApp(env, port),
    spawnWorker(db.url, env),
    launchBrowser(),
  ]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.allSettled([web?.stop(), worker?.stop()]);
  await demo?.close();
  await db?.drop();
});

async function signUpAndConnect(page: Page, email: string) {
  await signUpInBrowser(page, web.url, { name: "Grace", email, password: "a long password here" });
  await connectDemoAccount(page, web.url, "Demo Chat");
  await connectDemoAccount(page, web.url, "Demo Tracker");
}

/** Runs the saved automation while Demo Tracker fails, approves the gate, waits for the end. */
async function runWithFailingTracker(page: Page) {
  await page.getByRole("link", { name: "Back to automation" }).click();
  await page.getByRole("button", { name: "Start run" }).waitFor();
  await fetch(`${demo.apisUrl}/_demo/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ path: "/tracker/issues", status: 503, count: 50 }),
  });
  await page.getByLabel("Sample payload (JSON)").fill('{"order": "A-17", "total": 120}');
  await page.getByRole("button", { name: "Start run" }).click();
  await page.waitForURL(/\/runs\//, { timeout: 60_000 });
  const runUrl = page.url();
  // The big order waits for its approval: its owner approves from the inbox.
  const graphBox = (name: string) =>
    page.locator("[data-run-graph] [data-graph-node]", { hasText: name });
  await expect
    .poll(() => graphBox("Manager approves").getAttribute("data-state"), { timeout: 60_000 })
    .toBe("waiting_approval");
  // The request is made by a job just after the gate is reached.
  const request = page.locator("[data-approval-request]");
  await expect
    .poll(
      async () => {
        await page.goto(`${web.url}/approvals`);
        return request.count();
      },
      { timeout: 30_000 },
    )
    .toBe(1);
  await request.getByRole("button", { name: "Approve" }).click();
  await page.getByRole("status").waitFor();
  await page.goto(runUrl);
  await expect
    .poll(() => page.locator("[data-run-status]").getAttribute("data-run-status"), {
      timeout: 60_000,
    })
    .toBe("partially_succeeded");
  return graphBox;
}

/** The outcome as the run's graph shows it, and the skip's root cause on click. */
async function readOutcome(page: Page, graphBox: (name: string) => ReturnType<Page["locator"]>) {
  const states = async (names: string[]) =>
    Promise.all(names.map((n) => graphBox(n).getAttribute("data-state")));
  expect(
    await states([
      "Notify chat",
      "Create ticket",
      "Comment on ticket",
      "Audit",
      "Big order",
      "Manager approves",
    ]),
  ).toEqual(["succeeded", "failed", "skipped", "succeeded", "succeeded", "succeeded"]);
  expect(await graphBox("Create ticket").locator("[data-state-words]").textContent()).toBe(
    "failed",
  );
  await graphBox("Comment on ticket").click();
  const details = page.locator("[data-run-node-details]");
  expect(await details.locator("[data-details-explanation]").textContent()).toBe(
    "Skipped because Create ticket failed.",
  );
  await graphBox("Create ticket").click();
  expect(await details.locator("[data-details-attempts] li").count()).toBe(3);
  expect(await details.textContent()).toContain("the service had an error");
}

it("builds the three-branch automation on the canvas, runs it with a failing branch, reads it on the run's graph", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signUpAndConnect(page, "grace@example.test");
  await page.goto(`${web.url}/automations/new`);
  await page.getByLabel("Automation name").fill("Orders on the canvas");
  await page.getByLabel("Sample trigger payload (JSON)").fill('{"order": "A-17", "total": 120}');

  // Nothing selected: the palette adds below the trigger.
  let form = await addFromPalette(page, "chat post", "Demo Chat: Post message", "Notify chat");
  await fill(form, { Channel: "general", Text: "New order {{ trigger.order }}" });
  await select(page, "Trigger");
  form = await addFromPalette(
    page,
    "tracker create",
    "Demo Tracker: Create issue",
    "Create ticket",
  );
  await fill(form, { Title: "Order {{ trigger.order }}" });
  // Create ticket is selected now: its dependent child goes below it.
  form = await addFromPalette(
    page,
    "comment",
    "Demo Tracker: Comment on issue",
    "Comment on ticket",
  );
  await fill(form, { Body: "Thanks for order {{ trigger.order }}" });
  const ticketId = await box(page, "Create ticket").getAttribute("data-graph-node");
  await form
    .getByLabel("Insert reference into Issue number")
    .selectOption(`{{ steps.${ticketId}.number }}`);
  await select(page, "Trigger");
  form = await addFromPalette(page, "condition", "Built in: Condition", "Big order");
  await fill(form, { Left: "{{ trigger.total }}", Right: "100" });
  await form.getByLabel("Operator").selectOption("greater_than");
  form = await addFromPalette(page, "approval", "Built in: Approval", "Manager approves");
  await fill(form, { Message: "Ship this big order?" });
  await select(page, "Notify chat");
  form = await addFromPalette(page, "chat", "Demo Chat: Post message", "Audit");
  await fill(form, { Channel: "alerts", Text: "audit {{ trigger.order }}" });

  // The join: drag from Create ticket to Audit, then make both of its edges independent.
  await dragEdge(page, "Create ticket", "Audit");
  const join = await edgeBetween(page, "Create ticket", "Audit");
  await join.waitFor({ state: "attached" });
  expect(await join.getAttribute("data-edge-style")).toBe("solid");
  await switchEdge(page, "Create ticket", "Audit");
  await switchEdge(page, "Notify chat", "Audit");
  expect(await join.getAttribute("data-edge-style")).toBe("dashed");
  expect(
    await (await edgeBetween(page, "Notify chat", "Audit")).getAttribute("data-edge-kind"),
  ).toBe("independent");
  // Clicking an edge explains it in the side panel, in the edges table's words.
  await join.dispatchEvent("click");
  expect(await sidePanel(page).locator("[data-edge-explanation]").textContent()).toBe(
    "Audit runs after Create ticket finishes, whatever happened.",
  );

  // Refused on the spot: an edge into the trigger, and a loop.
  const notice = () => page.locator("[data-canvas-notice]").textContent();
  await dragEdge(page, "Audit", "Trigger");
  await expect.poll(notice).toContain("Nothing can lead into Trigger");
  await dragEdge(page, "Comment on ticket", "Create ticket");
  await expect.poll(notice).toContain("would make a loop");

  // Delete with the keyboard, then undo it; redo and undo again.
  await select(page, "Audit");
  await box(page, "Audit").press("Delete");
  await box(page, "Audit").waitFor({ state: "detached" });
  await canvas(page).press("Control+z");
  await box(page, "Audit").waitFor();
  await page.getByRole("button", { name: "Redo" }).click();
  await box(page, "Audit").waitFor({ state: "detached" });
  await page.getByRole("button", { name: "Undo" }).click();
  await box(page, "Audit").waitFor();
  expect(
    await (await edgeBetween(page, "Create ticket", "Audit")).getAttribute("data-edge-kind"),
  ).toBe("independent");

  // Hovering a step shows its blast radius on the boxes.
  await box(page, "Create ticket").hover();
  expect(await box(page, "Comment on ticket").getAttribute("data-blast")).toBe("skipped");
  expect(await box(page, "Audit").getAttribute("data-blast")).toBe("runs");
  expect(await page.locator("[data-blast-summary]").textContent()).toContain(
    "Comment on ticket would be skipped",
  );
  await page.locator("[data-canvas-editor]").screenshot({ path: "test-results/canvas.png" });
  await select(page, "Create ticket");
  await sidePanel(page).screenshot({ path: "test-results/canvas-side-panel.png" });

  await page.getByRole("button", { name: "Save new version" }).click();
  await page.waitForURL(/\/automations\/[^/]+\/edit/, { timeout: 60_000 });

  const graphBox = await runWithFailingTracker(page);
  await readOutcome(page, graphBox);
  await screenshot(page, "run-page");
  await page
    .locator("[data-run-graph]")
    .locator("..")
    .screenshot({ path: "test-results/run-graph.png" });
  await fetch(`${demo.apisUrl}/_demo/faults`, { method: "DELETE" });
  await page.close();
}, 600_000);
