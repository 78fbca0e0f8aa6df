import type { Page } from "playwright-core";

/**
 * On the demo OAuth provider's pages (worker/demo/oauth-interactions.ts): signs in when
 * asked (any name and password work), then consents with "Continue", and waits to be
 * back on the Connections page.
 */
export async function signInAndConsent(page: Page, login = "ada"): Promise<void> {
  const name = page.locator('input[name="login"]');
  if (await name.isVisible({ timeout: 15_000 }).catch(() => false)) {
    await name.fill(login);
    await page.locator('input[name="password"]').fill("any password");
    await page.getByRole("button", { name: "Sign in" }).click();
  }
  const consent = page.getByRole("button", { name: "Continue" });
  await consent.waitFor({ timeout: 15_000 }).catch(async (err: Error) => {
    throw new Error(`${err.message}\nat ${page.url()}:\n${(await page.content()).slice(0, 1500)}`);
  });
  await consent.click();
  await page.waitForURL(/\/connections\?/, { timeout: 60_000 });
}
