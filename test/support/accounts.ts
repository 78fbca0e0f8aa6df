import type { Page } from "playwright-core";
import type { PrismaClient } from "../../prisma/client";
import { createApiKey } from "../../app/_server/api-keys/create-api-key";
import { authPost } from "../integration/api/http-client";

/** Signs up through the app's own form, as a new user would; lands on the home page. */
export async function signUpInBrowser(
  page: Page,
  baseUrl: string,
  user: { name: string; email: string; password: string },
): Promise<void> {
  await page.goto(`${baseUrl}/sign-up`, { timeout: 120_000 });
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-up"), { timeout: 60_000 });
}

/** The user and workspace behind an email (the workspace sign-up created). */
export async function ownerOf(prisma: PrismaClient, email: string) {
  const user = await prisma.user.findUniqueOrThrow({
    where: { email },
    include: { memberships: true },
  });
  const membership = user.memberships[0];
  if (!membership) throw new Error(`${email} has no workspace`);
  return { userId: user.id, workspaceId: membership.workspaceId };
}

/**
 * A new account signed up over HTTP (better-auth's endpoint, as a browser posts it), with
 * its session cookie and an API key made for it in-process: REST calls then need no
 * browser-only headers.
 */
export async function signUpOverHttp(
  prisma: PrismaClient,
  webUrl: string,
  user: { name: string; email: string; password: string },
) {
  const { status, cookie } = await authPost(webUrl, "sign-up/email", user);
  if (status !== 200 || !cookie) throw new Error(`sign-up of ${user.email} answered ${status}`);
  const actor = await ownerOf(prisma, user.email);
  const { key } = await createApiKey(prisma, actor, { name: "tests" });
  return { ...actor, cookie, apiKey: key };
}
