import { expect, it } from "vitest";
import { ownerOf, signUpInBrowser } from "../support/accounts";
import { expectFitsViewport, expectNoEmoji, screenshot } from "../support/browser";
import { seedPageContent } from "../support/page-content";
import { useSpecWorld } from "../support/spec-world";

// Issue 14, item 10: at a phone's 390 px nothing is wider than the screen — the run's
// title and attempt tables, a long automation name, every list — and an emailed report
// shows whole in the mailbox, its Retry button on screen. And no page shows an emoji
// (item 12: they showed as boxes without an emoji font).
const world = useSpecWorld({ fakeApi: true });

// One unbroken word, as pasted identifiers are: it can wrap at no space or hyphen.
const LONG_NAME = "QuarterlyReconciliationOfEveryOutstandingInvoiceAcrossAllSubsidiaries";

it("every page fits 390 px, and the mailed report shows its Retry button", async () => {
  const page = await world.browser.newPage({ viewport: { width: 390, height: 844 } });
  const email = "phone@example.test";
  await signUpInBrowser(page, world.web.url, { name: "Pat", email, password: "a long password" });
  world.api.script("/ok", [{ json: { ok: true } }]);
  const seeded = await seedPageContent(world.db.prisma, {
    apiUrl: world.api.url,
    owner: await ownerOf(world.db.prisma, email),
    approver: email,
    automationName: LONG_NAME,
  });
  const { automationId } = seeded;

  const pages: [string, string][] = [
    ["runs", "/"],
    ["automations", "/automations"],
    ["automation-new", "/automations/new"],
    ["automation", `/automations/${automationId}`],
    ["automation-edit", `/automations/${automationId}/edit`],
    ["versions", `/automations/${automationId}/versions`],
    ["run-pending", `/runs/${seeded.pendingRunId}`],
    ["run-ended", `/runs/${seeded.endedRunId}`],
    ["approvals", "/approvals"],
    ["mailbox", "/mailbox"],
    ["connections", "/connections"],
    ["settings", "/settings"],
    ["api-keys", "/settings/api-keys"],
  ];
  for (const [name, path] of pages) {
    await page.goto(`${world.web.url}${path}`);
    // Not "networkidle": a runs list re-renders every 2 s while a run is unfinished.
    await page.waitForLoadState("load");
    await screenshot(page, `phone-${name}`);
    await expectFitsViewport(page);
    await expectNoEmoji(page);
  }

  await page.goto(`${world.web.url}/mailbox?id=${seeded.reportEmailId}`);
  await expectFitsViewport(page);
  const preview = page.locator('iframe[title="Message"]');
  const retry = page.frameLocator('iframe[title="Message"]').getByRole("link", {
    name: "Retry failed part",
  });
  await retry.waitFor();
  // Inside the preview, and the preview shows it without scrolling inside the frame.
  const [frame, button] = [await preview.boundingBox(), await retry.boundingBox()];
  expect(frame && button).toBeTruthy();
  expect(button!.x + button!.width).toBeLessThanOrEqual(390);
  expect(button!.y + button!.height).toBeLessThanOrEqual(frame!.y + frame!.height);
  // The email itself fits the frame: nothing of it is cut off at the right.
  const message = await (await preview.elementHandle())!.contentFrame();
  const fits = await message!.evaluate(
    () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
  );
  expect(fits, "the email is wider than its preview").toBe(true);
  await screenshot(page, "phone-mailbox-report");
  await page.close();
}, 300_000);
