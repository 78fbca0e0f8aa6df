import type { Page } from "playwright-core";
import type { PrismaClient } from "../../prisma/client";

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
