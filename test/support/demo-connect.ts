import type { Page } from "playwright-core";
import { expect } from "vitest";
import { signInAndConsent } from "./demo-oauth";

/** Connects a demo app's account through the Connections page and the demo OAuth server. */
export async function connectDemoAccount(page: Page, webUrl: string, connector: string) {
  await page.goto(`${webUrl}/connections`);
  await page.getByRole("link", { name: `Connect ${connector}` }).click();
  await signInAndConsent(page);
  expect(await page.getByRole("status").textContent()).toContain("Connected.");
}
