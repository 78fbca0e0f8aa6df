import type { Locator, Page } from "playwright-core";
import { beforeAll, expect, it } from "vitest";
import { signUpInBrowser } from "../support/accounts";
import { expectFitsViewport, screenshot } from "../support/browser";
import { useSpecWorld } from "../support/spec-world";

// Issue 17 as a person meets it, in Debian's Chromium: build a for-each in the forms (its
// list picked from the sample payload, a body step calling an API for each item that
// refuses one of them), see a body step's problem on its own form, test the body step
// with the sample's first item, save, run, and read the items: the count line, the
// per-item table with its pages, and the failed item alone with why it failed; test the
// body step again with the run's data (its failed item).
const world = useSpecWorld({
  fakeApi: true,
  // The body step calls the fake API on loopback.
  env: { SWITCHYARD_ALLOW_PRIVATE_NETWORK: "true" },
});

const ORDERS = 55;
const REFUSED = 17;
const sample = {
  note: "not a list",
  orders: Array.from({ length: ORDERS }, (_, i) => ({ id: `o${i}`, amount: 10 + i })),
};

beforeAll(() => {
  for (let i = 0; i < ORDERS; i++) {
    world.api.script(
      `/charge/o${i}`,
      i === REFUSED
        ? [{ status: 400, json: { error: "card_declined" } }]
        : [{ json: { charged: `o${i}` } }],
    );
  }
});

const optionValues = (select: Locator) =>
  select
    .locator("option")
    .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));

it("builds a for-each in the forms, runs it, and reads its items: counts, pages, failed only", async () => {
  const page: Page = await world.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signUpInBrowser(page, world.web.url, {
    name: "Katherine Johnson",
    email: "katherine@example.test",
    password: "correct horse battery staple",
  });
  await page.goto(`${world.web.url}/automations/new`);
  await page.getByLabel("Automation name").fill("Charge each order");
  await page.getByLabel("Sample trigger payload (JSON)").fill(JSON.stringify(sample));

  // Added from the keyboard, below the trigger.
  await page.getByRole("button", { name: "Add for-each", exact: true }).focus();
  await page.keyboard.press("Enter");
  const each = page.locator('li[data-step="for_each_1"]');
  await each.locator("#for_each_1-name").fill("Each order");
  expect(await each.getAttribute("aria-label")).toBe("For each Each order");
  // The list picker offers the sample's lists only.
  const listPicker = each.getByLabel("Insert reference into List to go through");
  const lists = await optionValues(listPicker);
  expect(lists).toContain("{{ trigger.orders }}");
  expect(lists).not.toContain("{{ trigger.note }}");
  await listPicker.selectOption("{{ trigger.orders }}");
  expect(await each.getByLabel("List to go through", { exact: true }).inputValue()).toBe(
    "{{ trigger.orders }}",
  );
  await each.getByLabel("Items at once").fill("5");
  const keepGoing = each.getByLabel("Continue with the items that succeeded");
  expect(await keepGoing.isChecked()).toBe(false);
  expect(await each.locator("#for_each_1-continue-help").textContent()).toContain(
    "they run only if every item succeeded",
  );

  // A step for each item, in the same form as any step.
  await each.getByLabel("Runs after").selectOption({ label: "the start of the item" });
  await each.getByRole("button", { name: "Add action step for each item" }).click();
  const charge = each.locator('li[data-step="step_2"]');
  await charge.locator("#step_2-name").fill("Charge card");
  await charge.getByLabel("Connector").selectOption("http");
  await charge.getByLabel("Action", { exact: true }).selectOption("http.request");
  // Its reference picker offers the item's fields, from the sample's first order.
  const urlPicker = charge.getByLabel("Insert reference into Url");
  expect(await optionValues(urlPicker)).toEqual(
    expect.arrayContaining(["{{ item }}", "{{ item.id }}", "{{ item.amount }}"]),
  );

  // Saved without its URL: the problem is on the body step's own field, and its link there.
  await page.getByRole("button", { name: "Save new version" }).click();
  const urlError = charge.locator('[data-field="input.url"] .field-error');
  await urlError.waitFor({ timeout: 30_000 });
  const problem = page.locator("[data-problem-list] button", { hasText: "Charge card" });
  await problem.first().click();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("step_2-input-url");

  await charge
    .getByLabel("Url", { exact: false })
    .first()
    .fill(`${world.api.url}/charge/{{ item.id }}`);
  // Tested with the first order of the sample: the call is made for it.
  const tester = charge.locator('[data-test-step="step_2"]');
  expect(await tester.getByLabel("Test with").textContent()).toContain(
    "the first item of the list",
  );
  await tester.getByRole("button", { name: "Test step" }).click();
  await tester.locator('[data-test-result="ok"]').waitFor({ timeout: 30_000 });
  expect(world.api.requestsTo("/charge/o0")).toHaveLength(1);

  // The read-only graph lists the body inside its for-each.
  expect(await page.locator('[data-graph-body="for_each_1"]').textContent()).toContain(
    "Charge card",
  );
  await screenshot(page, "for-each-builder");

  await page.getByRole("button", { name: "Save new version" }).click();
  await page.waitForURL(/\/automations\/[^/]+\/edit/, { timeout: 60_000 });
  const editUrl = page.url();
  await page.getByRole("link", { name: "Back to automation" }).click();
  await page.getByRole("button", { name: "Start run" }).click();
  await page.waitForURL(/\/runs\//, { timeout: 60_000 });
  const status = page.locator("[data-run-status]");
  await expect
    .poll(() => status.getAttribute("data-run-status"), { timeout: 90_000 })
    .toBe("partially_succeeded");
  // The page stops polling once the run has ended; reload for its settled first paint.
  await page.reload();

  const card = page.locator('li[data-node-id="for_each_1"]');
  expect(await card.getAttribute("data-state")).toBe("partially_succeeded");
  expect(await card.locator("[data-item-counts]").textContent()).toBe(
    `1 of ${ORDERS} items failed`,
  );
  const rows = card.locator("[data-items-table] tbody tr");
  expect(await rows.count()).toBe(50);
  expect(await rows.first().textContent()).toContain('{"id":"o0","amount":10}');
  expect(await card.locator("[data-items-page]").textContent()).toBe("Page 1 of 2");
  await screenshot(page, "for-each-run");

  await card.getByRole("link", { name: "Next page" }).click();
  await card.locator("[data-items-page]", { hasText: "Page 2 of 2" }).waitFor();
  expect(await rows.count()).toBe(ORDERS - 50);
  expect(await rows.first().getAttribute("data-item-index")).toBe("50");

  await card.getByRole("link", { name: "Failed only (1)" }).click();
  await page.waitForURL(/state=failed/);
  await card.locator("[data-items-table] caption", { hasText: "failed only" }).waitFor();
  expect(await rows.count()).toBe(1);
  const failed = rows.first();
  expect(await failed.getAttribute("data-item-index")).toBe(String(REFUSED));
  expect(await failed.getAttribute("data-item-state")).toBe("failed");
  expect(await failed.locator("[data-item-error]").textContent()).toMatch(
    /^Charge card failed: the service refused the request \(HTTP 400\)/,
  );
  expect(await failed.locator("td").last().textContent()).toBe("1");
  // The branch the for-each heads failed (an item did), though most items succeeded.
  expect(
    await page.locator('[data-branch-row="for_each_1"]').getAttribute("data-branch-status"),
  ).toBe("failed");
  await screenshot(page, "for-each-run-failed-only");
  await page.setViewportSize({ width: 390, height: 844 });
  await expectFitsViewport(page);
  await page.setViewportSize({ width: 1280, height: 900 });

  // Test step with this run's data: the body step gets the run's failed item, and says so.
  const runUrl = page.url();
  await page.goto(editUrl);
  const retest = page.locator('[data-test-step="step_2"]');
  const source = retest.getByLabel("Test with");
  expect(await source.locator("option").nth(1).textContent()).toContain(
    "with its first failed item (else its first)",
  );
  await source.selectOption({ index: 1 });
  await retest.getByRole("button", { name: "Test step" }).click();
  await retest.locator("[data-tested-item]").waitFor({ timeout: 30_000 });
  expect(await retest.locator("[data-tested-item]").textContent()).toBe(
    `Tested with item ${REFUSED + 1} of Each order from that run, the first that failed there: {"id":"o${REFUSED}","amount":${10 + REFUSED}}`,
  );
  expect(await retest.getByRole("alert").textContent()).toContain("Charge card failed");
  await page.goto(runUrl);

  // Retry failed part (R12): only the refused order runs again, and now goes through.
  world.api.script(`/charge/o${REFUSED}`, [{ json: { charged: `o${REFUSED}` } }]);
  const before = world.api.requests.length;
  await page.getByRole("button", { name: "Retry failed part" }).click();
  await expect
    .poll(() => status.getAttribute("data-run-status"), { timeout: 90_000 })
    .toBe("succeeded");
  await card.locator("[data-item-counts]", { hasText: `All ${ORDERS} items succeeded` }).waitFor();
  expect(await rows.first().textContent()).toBe("No item failed.");
  expect(world.api.requests.slice(before).map((r) => r.path)).toEqual([`/charge/o${REFUSED}`]);
}, 300_000);
