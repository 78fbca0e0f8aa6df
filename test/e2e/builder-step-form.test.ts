import { mkdirSync } from "node:fs";
import type { Locator, Page } from "playwright-core";
import { beforeAll, expect, it } from "vitest";
import { signUpInBrowser } from "../support/accounts";
import { connectDemoAccount } from "../support/demo-connect";
import { useSpecWorld } from "../support/spec-world";

// The builder's step form as a person uses it, in Debian's Chromium: the sample payload
// kept with the automation, testing one step against the real (demo) service, retry and
// timeout fields, and form errors that say which field and what to do (issue 14).
let page: Page;
const world = useSpecWorld({ demo: {}, worker: false });

beforeAll(async () => {
  mkdirSync("test-results", { recursive: true });
  page = await world.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signUpInBrowser(page, world.web.url, {
    name: "Grace Hopper",
    email: "grace@example.test",
    password: "correct horse battery staple",
  });
  await connectDemoAccount(page, world.web.url, "Demo Chat");
  await connectDemoAccount(page, world.web.url, "Demo Tracker");
}, 180_000);

const shot = (name: string) =>
  page.screenshot({ path: `test-results/${name}.png`, fullPage: true });

const step = (id: string) => page.locator(`li[data-step="${id}"]`);

/** A select's option values; focused first, as a reference picker lists its options once in use. */
async function optionValues(select: Locator) {
  const values = () =>
    select
      .locator("option")
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  // A card lists its references once focus is inside it; the page may still be settling
  // (focus moved by a late render), so focus again until the list is there.
  const deadline = Date.now() + 20_000;
  for (;;) {
    await select.focus();
    const found = await values();
    if (found.length > 1 || Date.now() > deadline) return found;
    await page.waitForTimeout(200);
  }
}

/** A new automation with one Demo Chat step below the trigger, not yet saved. */
async function newChatAutomation(name: string, sample: string) {
  await page.goto(`${world.web.url}/automations/new`);
  await page.getByLabel("Automation name").fill(name);
  await page.getByLabel("Sample trigger payload (JSON)").fill(sample);
  await page.getByRole("button", { name: "Add action step" }).click();
  const chat = step("step_1");
  await chat.getByLabel("Connector").selectOption("demo-chat");
  await chat.getByLabel("Connection").selectOption({ index: 1 });
  return chat;
}

async function save() {
  await page.getByRole("button", { name: "Save new version" }).click();
}

it("keeps the sample payload with the automation: the edit page, its references and Start run come back with it", async () => {
  const chat = await newChatAutomation(
    "Sample kept",
    '{"order": "A-17", "customer": {"email": "ada@example.test"}}',
  );
  await chat.locator("#step_1-input-channel").fill("general");
  await chat.locator("#step_1-input-text").fill("Order");
  await save();
  await page.waitForURL(/\/automations\/[^/]+\/edit/, { timeout: 60_000 });
  const editUrl = page.url();

  await page.goto(editUrl);
  await shot("builder-sample-kept");
  const kept = JSON.parse(await page.getByLabel("Sample trigger payload (JSON)").inputValue());
  expect(kept).toEqual({ order: "A-17", customer: { email: "ada@example.test" } });
  expect(await optionValues(step("step_1").getByLabel("Insert reference into Text"))).toContain(
    "{{ trigger.customer.email }}",
  );

  await page.getByRole("link", { name: "Back to automation" }).click();
  const startWith = page.getByLabel("Sample payload (JSON)");
  await startWith.waitFor();
  expect(JSON.parse(await startWith.inputValue())).toEqual(kept);
});

/** Adds an action step of `connector` below the step labelled `after`. */
async function addActionStep(id: string, after: string, connector: string) {
  await page.getByLabel("After").selectOption({ label: after });
  await page.getByRole("button", { name: "Add action step" }).click();
  await step(id).getByLabel("Connector").selectOption(connector);
  return step(id);
}

const demoPage = async () => (await fetch(`${world.demo.apisUrl}/`)).text();

it("tests one step against the real service, with the sample or a run's data, and offers its output to later steps", async () => {
  const chat = await newChatAutomation("Test a step", '{"order": "A-17"}');
  await chat.locator("#step_1-name").fill("Notify chat");
  await chat.locator("#step_1-input-channel").fill("general");
  await chat.locator("#step_1-input-text").fill("Order {{ trigger.order }} tested");
  // Said before the click: the test is a real call.
  const tester = chat.locator('[data-test-step="step_1"]');
  expect(await tester.textContent()).toContain("Testing calls Demo Chat for real");
  await tester.getByRole("button", { name: "Test step" }).click();
  await tester.locator('[data-test-result="ok"]').waitFor({ timeout: 30_000 });
  const posted = JSON.parse((await tester.locator("[data-test-output]").textContent()) ?? "");
  expect(posted).toMatchObject({ channel: "general", author: expect.any(String) });
  expect(await demoPage()).toContain("Order A-17 tested");

  // A later step reads the tested output: its own test gets it, its fields are offered.
  const shape = await addActionStep("step_2", "Notify chat", "util");
  await shape
    .getByLabel("Data")
    .fill('{"who": "{{ steps.step_1.author }}", "ticket": {"number": 7}}');
  await shape
    .locator('[data-test-step="step_2"]')
    .getByRole("button", { name: "Test step" })
    .click();
  const shaped = shape.locator("[data-test-output]");
  await shaped.waitFor({ timeout: 30_000 });
  expect(JSON.parse((await shaped.textContent()) ?? "")).toEqual({
    data: { who: posted.author, ticket: { number: 7 } },
  });
  const last = await addActionStep("step_3", "step_2", "demo-chat");
  expect(await optionValues(last.getByLabel("Insert reference into Text"))).toContain(
    "{{ steps.step_2.data.ticket.number }}",
  );
  await shot("builder-test-step");

  // A failing call reads as the step's failure in words, with what the service said.
  await fetch(`${world.demo.apisUrl}/_demo/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ path: "/chat/messages", status: 503 }),
  });
  await tester.getByRole("button", { name: "Test step" }).click();
  const failure = tester.getByRole("alert");
  await failure.waitFor({ timeout: 30_000 });
  expect(await failure.textContent()).toContain(
    "Notify chat failed: the service had an error (HTTP 503)",
  );

  // With a run's data instead of the sample: the run's trigger payload is used.
  await page.getByRole("button", { name: "Remove step_3" }).click();
  await save();
  await page.waitForURL(/\/automations\/[^/]+\/edit/, { timeout: 60_000 });
  await page.getByRole("link", { name: "Back to automation" }).click();
  await page.getByLabel("Sample payload (JSON)").fill('{"order": "B-2"}');
  await page.getByRole("button", { name: "Start run" }).click();
  await page.waitForURL(/\/runs\//, { timeout: 60_000 });
  await page.goBack();
  await page.getByRole("link", { name: "Edit" }).click();
  const again = step("step_1").locator('[data-test-step="step_1"]');
  await again.getByLabel("Test with").selectOption({ index: 1 });
  await again.getByRole("button", { name: "Test step" }).click();
  await again.locator('[data-test-result="ok"]').waitFor({ timeout: 30_000 });
  expect(await demoPage()).toContain("Order B-2 tested");
});

it("sets a step's retry policy and timeout in seconds, with field errors a person can act on", async () => {
  const chat = await newChatAutomation("Retry settings", "{}");
  await chat.locator("#step_1-input-channel").fill("general");
  await chat.locator("#step_1-input-text").fill("hello");
  const retry = chat.locator('[data-retry-fields="step_1"]');
  const errorOf = (field: string) => retry.locator(`[data-field="${field}"] [data-field-error]`);
  await retry.getByLabel("Attempts in all").fill("0");
  await retry.getByLabel("First retry delay (seconds)").fill("soon");
  await retry.getByLabel("Timeout per attempt (seconds)").fill("1000");
  await save();
  await errorOf("timeoutMs").waitFor();
  expect(await errorOf("retry.maxAttempts").textContent()).toBe("must be more than 0");
  expect(await errorOf("retry.initialDelayMs").textContent()).toBe("must be a number");
  expect(await errorOf("timeoutMs").textContent()).toBe("must be at most 15 minutes");
  await shot("builder-retry-errors");

  await retry.getByLabel("Attempts in all").fill("5");
  await retry.getByLabel("First retry delay (seconds)").fill("0.5");
  await retry.getByLabel("Longest wait (seconds)").fill("10");
  await retry.getByLabel("Timeout per attempt (seconds)").fill("20");
  await save();
  await page.waitForURL(/\/automations\/[^/]+\/edit/, { timeout: 60_000 });
  const automation = await world.db.prisma.automation.findFirstOrThrow({
    where: { name: "Retry settings" },
    include: { versions: true },
  });
  const saved = (automation.versions[0]!.graph as { nodes: Record<string, unknown>[] }).nodes[1];
  expect(saved).toMatchObject({
    retry: { maxAttempts: 5, initialDelayMs: 500, maxDelayMs: 10_000 },
    timeoutMs: 20_000,
  });
  // The edit page shows them back in seconds.
  await page.reload();
  const shown = step("step_1").locator('[data-retry-fields="step_1"]');
  expect(await shown.getByLabel("First retry delay (seconds)").inputValue()).toBe("0.5");
  expect(await shown.getByLabel("Timeout per attempt (seconds)").inputValue()).toBe("20");
});

it("says which field is wrong and what to do, lists every problem as a link, keeps edges out of the trigger and accounts to their app", async () => {
  const chat = await newChatAutomation("x".repeat(5000), "{}");
  await chat.locator("#step_1-input-text").fill("hi");
  // A Demo Chat step is offered Demo Chat accounts, not the Demo Tracker one.
  const accounts = await chat
    .getByLabel("Connection")
    .locator("option")
    .evaluateAll((options) => options.map((o) => o.textContent ?? ""));
  expect(accounts.some((a) => a.startsWith("Demo Chat"))).toBe(true);
  expect(accounts.filter((a) => a.includes("Demo Tracker"))).toEqual([]);

  const shape = await addActionStep("step_2", "step_1", "util");
  await shape.getByLabel("Data").fill('"x"');
  // "Join two steps" offers no way into the trigger; a loop back to step_1 it does allow.
  expect(await optionValues(page.locator("#edge-to"))).not.toContain("trigger");
  await page.locator("#edge-from").selectOption("step_2");
  await page.locator("#edge-to").selectOption("step_1");
  await page.getByRole("button", { name: "Add edge" }).click();
  await save();

  const notice = page.getByRole("alert").filter({ hasText: "Not saved" });
  await notice.waitFor();
  expect(await notice.textContent()).toBe("Not saved: 3 problems to fix.");
  expect(await page.locator('[data-field-error="name"]').textContent()).toBe(
    "must be at most 200 characters long; this one has 5000",
  );
  expect(await chat.locator('[data-field-error="input.channel"]').textContent()).toBe(
    "Channel is required: fill it in.",
  );
  // The cycle is reported by the edges table, where it is fixed, not on a step card.
  expect(await page.locator('#edges-section [data-field-error="edges"]').textContent()).toMatch(
    /form a cycle/,
  );
  expect(await chat.textContent()).not.toContain("cycle");
  await shot("builder-problems");

  // Each listed problem takes you to its field.
  const list = page.locator("[data-problem-list]");
  await list.getByRole("button", { name: /Channel is required/ }).click();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("step_1-input-channel");
  await list.getByRole("button", { name: /Automation name/ }).click();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("automation-name");

  await page.getByLabel("Automation name").fill("Problems fixed");
  await chat.locator("#step_1-input-channel").fill("general");
  await page
    .locator('tr[data-edge="step_2->step_1"]')
    .getByRole("button", { name: "Remove edge" })
    .click();
  await save();
  await page.waitForURL(/\/automations\/[^/]+\/edit/, { timeout: 60_000 });
});
