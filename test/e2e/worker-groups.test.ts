import type { Page } from "playwright-core";
import { beforeAll, expect, it } from "vitest";
import { signUpInBrowser } from "../support/accounts";
import { screenshot } from "../support/browser";
import { connectDemoAccount } from "../support/demo-connect";
import { useSpecWorld } from "../support/spec-world";

// Worker groups in the builder and on Settings (docs/deploy.md, "Worker groups"): a step
// is given a group and an output kept there with its summary fields; Settings lists the
// groups the heartbeats know.
let page: Page;
const world = useSpecWorld({ demo: {}, worker: false });

beforeAll(async () => {
  page = await world.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signUpInBrowser(page, world.web.url, {
    name: "Ada Lovelace",
    email: "ada@example.test",
    password: "correct horse battery staple",
  });
  await connectDemoAccount(page, world.web.url, "Demo Chat");
}, 180_000);

it("gives a step a worker group (the groups heartbeats know are offered) and keeps its output there", async () => {
  // Two groups the heartbeats know: one with a worker running, one whose worker is gone.
  await world.db.prisma.workerHeartbeat.createMany({
    data: [
      { id: "onprem-1", hostname: "eu-host", pid: 1, groups: ["eu-onprem"] },
      {
        id: "lab-1",
        hostname: "lab-host",
        pid: 2,
        groups: ["lab"],
        beatAt: new Date(Date.now() - 3_600_000),
      },
    ],
  });
  await page.goto(`${world.web.url}/automations/new`);
  await page.getByLabel("Automation name").fill("Customer export");
  await page.getByRole("button", { name: "Add action step" }).click();
  const card = page.locator('li[data-step="step_1"]');
  await card.getByLabel("Connector").selectOption("demo-chat");
  await card.getByLabel("Connection").selectOption({ index: 1 });
  await card.locator("#step_1-input-channel").fill("general");
  await card.locator("#step_1-input-text").fill("hello");
  const where = card.locator('[data-worker-group-fields="step_1"]');
  const offered = where.locator("datalist option");
  await offered.first().waitFor({ state: "attached" });
  expect(await offered.evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value))).toEqual([
    "eu-onprem",
  ]);
  await where.getByLabel("Worker group").fill("eu-onprem");
  // A step of a worker group is tried only where its data lives.
  expect(await card.locator('[data-test-step="step_1"]').count()).toBe(0);
  await where.getByLabel("Output").selectOption("group");
  await where.getByLabel("Summary fields").fill("id, channel");
  await screenshot(page, "builder-worker-group");
  await page.getByRole("button", { name: "Save new version" }).click();
  await page.waitForURL(/\/automations\/[^/]+\/edit/, { timeout: 60_000 });
  const automation = await world.db.prisma.automation.findFirstOrThrow({
    where: { name: "Customer export" },
    include: { versions: true },
  });
  const saved = (automation.versions[0]!.graph as { nodes: Record<string, unknown>[] }).nodes[1];
  expect(saved).toMatchObject({ runsOn: "eu-onprem", keep: "group", summary: ["id", "channel"] });

  // Settings lists the group with its running worker and its queue.
  await page.goto(`${world.web.url}/settings`);
  const row = page.locator('[data-worker-groups] tr[data-group="eu-onprem"]');
  expect(await row.textContent()).toContain("1 worker running");
  expect(await row.textContent()).toContain("0 steps waiting");
});
