import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { signUpInBrowser } from "../support/accounts";
import { expectFitsViewport, expectNoEmoji, screenshot } from "../support/browser";
import { addNode, addStep } from "../support/builder-ui";
import { signInAndConsent } from "../support/demo-oauth";
import { useSpecWorld } from "../support/spec-world";

// Issue 14's journey, as a new user walks it through the UI alone: sign up, connect the
// demo apps over OAuth, build three branches (a condition and an approval gate on one, a
// step that calls a wrong URL on another), run it; the failure notice arrives while the
// approval still waits; approve from the email; read the report; fix the step and retry
// on the latest version. Every page is shot at 1280 and 390 px, fits the phone, shows no
// emoji, and (the browser support's check) logs nothing on the console.
const world = useSpecWorld({ demo: {} });

/** The page at a desktop's width and at a phone's, where it must fit and show no emoji. */
async function look(page: Page, name: string) {
  // Not "networkidle": a runs list re-renders every 2 s while a run is unfinished.
  await page.waitForLoadState("load");
  await screenshot(page, `journey-${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await expectFitsViewport(page);
  await expectNoEmoji(page);
  await screenshot(page, `journey-${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

const user = { name: "Ada Lovelace", email: "ada@example.test", password: "correct horse battery" };

it("a new user connects, builds, reads the failure at once, approves by email, fixes and retries", async () => {
  const context = await world.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${world.web.url}/sign-up`);
  await look(page, "sign-up");
  await signUpInBrowser(page, world.web.url, user);
  await look(page, "runs-empty");

  // Settings from the navigation; then the demo world, found on the Connections page.
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Settings" })
    .click();
  await page.getByRole("heading", { name: "Settings" }).waitFor();
  await look(page, "settings");
  await page.getByRole("link", { name: "Connections" }).first().click();
  await page.getByRole("heading", { name: "Demo world" }).waitFor();
  await look(page, "connections-empty");

  for (const app of ["Demo Chat", "Demo Tracker"]) {
    const slug = app.replace(" ", "-").toLowerCase();
    await page.getByRole("link", { name: `Connect ${app}` }).click();
    // The demo provider remembers the first sign-in: the second app asks consent only.
    await page.getByRole("button", { name: /^(Sign in|Continue)$/ }).waitFor();
    if (await page.locator('input[name="login"]').isVisible()) {
      await look(page, `oauth-sign-in-${slug}`);
      await page.locator('input[name="login"]').fill("ada");
      await page.locator('input[name="password"]').fill("any password");
      await page.getByRole("button", { name: "Sign in" }).click();
    }
    await page.getByRole("button", { name: "Continue" }).waitFor();
    await look(page, `oauth-consent-${slug}`);
    await signInAndConsent(page);
    expect(await page.getByRole("status").first().textContent()).toContain("Connected.");
  }

  // A demo app's switch: Demo Chat fails every call with HTTP 500, then works again.
  const chatSwitch = page.locator('[data-demo-app="demo-chat"]');
  await chatSwitch.locator("select").selectOption({ label: "Fails with HTTP 500" });
  await chatSwitch.getByRole("button", { name: "Switch Demo Chat" }).click();
  await page.getByText("Demo Chat: Fails with HTTP 500.").waitFor();
  expect(await chatSwitch.getAttribute("data-demo-mode")).toBe("http_500");
  expect((await fetch(`${world.demo.apisUrl}/chat/channels`)).status).toBe(500);
  await look(page, "connections");
  await chatSwitch.locator("select").selectOption({ label: "Working" });
  await chatSwitch.getByRole("button", { name: "Switch Demo Chat" }).click();
  await page.getByText("Demo Chat: Working.").waitFor();
  expect((await fetch(`${world.demo.apisUrl}/chat/channels`)).status).toBe(401); // no token: it answers

  // Three branches: condition → approval → chat; a ticket; a call to a wrong URL.
  await page.goto(`${world.web.url}/automations`);
  await look(page, "automations-empty");
  await page.getByRole("link", { name: "New automation" }).click();
  await page.getByLabel("Automation name").fill("Big orders");
  await page
    .getByLabel("Sample trigger payload (JSON)")
    .fill('{"order": "A-17", "size": "big", "total": 120}');
  const condition = await addNode(
    page,
    { id: "condition_1", after: "Trigger", kind: "dependent", name: "Big order?" },
    "Add condition",
  );
  await condition.getByLabel("Left", { exact: true }).fill("{{ trigger.size }}");
  await condition.getByLabel("Right", { exact: true }).fill("big");
  const gate = await addNode(
    page,
    { id: "approval_2", after: "Big order?", kind: "dependent", name: "Manager sign-off" },
    "Add approval",
  );
  await gate.getByLabel("Approvers").fill(user.email);
  await gate.getByLabel("Message", { exact: true }).fill("Ship order {{ trigger.order }}?");
  await addStep(
    page,
    { id: "step_3", after: "Manager sign-off", kind: "dependent", name: "Tell the team" },
    "demo-chat",
    "demo-chat.post_message",
    { Channel: "general", Text: "Order {{ trigger.order }} approved" },
  );
  await addStep(
    page,
    { id: "step_4", after: "Trigger", kind: "dependent", name: "Create ticket" },
    "demo-tracker",
    "demo-tracker.create_issue",
    { Title: "Order {{ trigger.order }}" },
  );
  await addStep(
    page,
    { id: "step_5", after: "Trigger", kind: "dependent", name: "Call the shop" },
    "http",
    "http.request",
    { Url: `${world.demo.apisUrl}/no-such-page` },
  );
  await look(page, "builder");
  await page.getByRole("button", { name: "Save new version" }).click();
  await page.waitForURL(/\/automations\/[^/]+\/edit/, { timeout: 60_000 });
  const automationUrl = `${world.web.url}${new URL(page.url()).pathname.replace(/\/edit$/, "")}`;
  await look(page, "edit");

  await page.goto(automationUrl);
  await look(page, "automation");
  await page.getByLabel("Sample payload (JSON)").fill('{"order": "A-17", "size": "big"}');
  await page.getByRole("button", { name: "Start run" }).click();
  await page.waitForURL(/\/runs\//, { timeout: 60_000 });
  const runUrl = page.url();
  const node = (id: string) => page.locator(`li[data-node-id="${id}"]`);
  await expect
    .poll(() => node("step_5").getAttribute("data-state"), { timeout: 60_000 })
    .toBe("failed");
  await expect
    .poll(() => node("approval_2").getAttribute("data-state"), { timeout: 60_000 })
    .toBe("waiting_approval");
  await look(page, "run-waiting");

  // The failure notice is in the mailbox while the approval still waits.
  const mail = await context.newPage();
  await mail.goto(`${world.web.url}/mailbox`);
  const notice = mail.getByRole("link", { name: /Call the shop failed \(the run goes on\)/ });
  await expect
    .poll(
      async () => {
        await mail.reload();
        return notice.count();
      },
      { timeout: 60_000 },
    )
    .toBeGreaterThan(0);
  await mail.goto(`${world.web.url}/approvals`);
  await mail.locator("[data-approval-request]", { hasText: "Ship order A-17?" }).waitFor();
  await look(mail, "approvals-pending");
  await mail.goto(`${world.web.url}/mailbox`);
  await notice.first().click();
  await mail.locator('iframe[title="Message"]').waitFor();
  await look(mail, "mailbox-notice");

  // The automation's runs list, left open, follows the run without a reload.
  await page.goto(automationUrl);
  const runRow = page.locator(`tr[data-run-id="${runUrl.split("/").pop()}"]`);
  expect(await runRow.textContent()).toContain("running");

  // Approve from the emailed link: it opens in a new tab, where only the button decides.
  await mail.goto(`${world.web.url}/mailbox`);
  await mail
    .getByRole("link", { name: /Approval needed: Big orders \(Manager sign-off\)/ })
    .click();
  const review = mail
    .frameLocator('iframe[title="Message"]')
    .getByRole("link", { name: "Review and decide" });
  await review.waitFor();
  await look(mail, "mailbox-approval");
  const [approval] = await Promise.all([context.waitForEvent("page"), review.click()]);
  await approval.getByRole("heading", { name: "Approval request" }).waitFor();
  await approval.setViewportSize({ width: 1280, height: 900 });
  await look(approval, "approval-link");
  await approval.getByLabel("Comment (optional)").fill("Go ahead");
  await approval.getByRole("button", { name: "Approve" }).click();
  await approval.getByText(/This request was approved by you/).waitFor({ timeout: 60_000 });
  await look(approval, "approval-decided");
  await approval.close();

  await expect.poll(() => runRow.textContent(), { timeout: 60_000 }).toContain("partly succeeded");
  await look(page, "automation-after-run");

  // The report, with its Retry button.
  await mail.goto(`${world.web.url}/mailbox`);
  const report = mail.getByRole("link", { name: /run partly succeeded \(Call the shop failed\)/ });
  await expect
    .poll(
      async () => {
        await mail.reload();
        return report.count();
      },
      { timeout: 60_000 },
    )
    .toBeGreaterThan(0);
  await report.first().click();
  await mail
    .frameLocator('iframe[title="Message"]')
    .getByRole("link", { name: "Retry failed part" })
    .waitFor();
  await look(mail, "mailbox-report");
  await mail.close();

  // Fix the wrong URL in a new version, then retry the run on it.
  await page.goto(`${automationUrl}/edit`);
  await page
    .locator('li[data-step="step_5"]')
    .getByLabel("Url", { exact: false })
    .first()
    .fill(`${world.demo.apisUrl}/`);
  await page.getByRole("button", { name: "Save new version" }).click();
  await page.getByText("Saved as version 2.").waitFor({ timeout: 60_000 });
  await page.getByRole("link", { name: "Version history" }).click();
  await page.locator('[data-version="2"]').waitFor({ timeout: 60_000 });
  await look(page, "versions");

  await page.goto(runUrl);
  await page.getByRole("button", { name: "Retry on the latest version (version 2)" }).click();
  const status = page.locator("[data-run-status]");
  await expect
    .poll(() => status.getAttribute("data-run-status"), { timeout: 60_000 })
    .toBe("succeeded");
  expect(await node("step_5").getAttribute("data-state")).toBe("succeeded");
  expect(await node("step_3").getAttribute("data-state")).toBe("succeeded");
  await look(page, "run-retried");

  await page.goto(`${world.web.url}/`);
  await look(page, "runs");
  await context.close();
}, 600_000);
