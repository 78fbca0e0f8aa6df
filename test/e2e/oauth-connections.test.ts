import { randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import { decryptSecret, parseKeyRing } from "../../worker/connections/crypto";
import { ownerOf, signUpInBrowser } from "../support/accounts";
import { signInAndConsent } from "../support/demo-oauth";
import { graph } from "../support/graphs";
import { startGraphRun, waitForNodeState, waitForRunEnd } from "../support/runs";
import { waitFor } from "../support/wait-for";
import { useSpecWorld } from "../support/spec-world";

// Issue 3's OAuth story end to end, as a user meets it: a real OAuth 2.0
// authorization server on loopback (the demo world's), the Next.js app, a worker
// process, and Debian's Chromium clicking through connect → consent → callback.
const encryptionKeys = `e2e:${randomBytes(32).toString("base64")}`;
const world = useSpecWorld({
  demo: { accessTokenTtlSeconds: 2 },
  env: { SWITCHYARD_ENCRYPTION_KEYS: encryptionKeys },
});

const user = { name: "Ada", email: "ada@example.test", password: "correct horse battery" };

it("connect → consent → callback → connected; expiry refreshes; revoked refresh breaks it, the node waits, reconnect finishes the run", async () => {
  const context = await world.browser.newContext();
  const page = await context.newPage();
  await signUpInBrowser(page, world.web.url, user);
  const owner = await ownerOf(world.db.prisma, user.email);
  await page.goto(`${world.web.url}/connections`, { timeout: 90_000 });
  await page.getByRole("link", { name: "Connect Demo Chat" }).click();
  await signInAndConsent(page);
  expect(await page.getByRole("status").textContent()).toContain("Connected.");

  const connection = await world.db.prisma.connection.findFirstOrThrow({
    where: { connectorId: "demo-chat" },
  });
  expect(connection.status).toBe("connected");
  const health = () =>
    page.locator(`tr[data-connection-id="${connection.id}"]`).getAttribute("data-health");
  expect(await health()).toMatch(/connected|expiring/);
  // Tokens are unreadable in the database without the key.
  const [raw] = await world.db.prisma.$queryRaw<{ row: string }[]>`
    SELECT row_to_json(c)::text AS row FROM "Connection" c WHERE id = ${connection.id}`;
  expect(raw!.row).toContain('"encryptedCredentials":"v1.e2e.');
  const secrets = JSON.parse(
    decryptSecret(parseKeyRing(encryptionKeys), connection.encryptedCredentials!),
  ) as {
    accessToken: string;
    refreshToken: string;
  };
  expect(secrets.accessToken.length).toBeGreaterThan(10);
  expect(raw!.row).not.toContain(secrets.accessToken);
  expect(raw!.row).not.toContain(secrets.refreshToken);

  const postMessage = (text: string) =>
    graph(
      [
        {
          id: "post",
          type: "action",
          action: "demo-chat.post_message",
          connection: connection.id,
          input: { channel: "general", text },
        },
      ],
      [["trigger", "post"]],
    );

  // The 2 s access token has expired by now: the next action refreshes and succeeds.
  await new Promise((r) => setTimeout(r, 2_500));
  const first = await waitForRunEnd(
    world.db.prisma,
    await startGraphRun(world.db.prisma, postMessage("hello"), {}, owner),
  );
  expect(first.status).toBe("succeeded");
  const refreshed = await world.db.prisma.connection.findUniqueOrThrow({
    where: { id: connection.id },
  });
  expect(refreshed.encryptedCredentials).not.toBe(connection.encryptedCredentials);

  // The user revokes the app at the provider: refresh fails, the connection breaks, the node waits.
  await world.demo.revokeGrants();
  const runId = await startGraphRun(world.db.prisma, postMessage("after revoke"), {}, owner);
  await waitForNodeState(world.db.prisma, runId, "post", ["waiting_connection"]);
  const broken = await world.db.prisma.connection.findUniqueOrThrow({
    where: { id: connection.id },
  });
  expect(broken.status).toBe("broken");
  const notices = await world.db.prisma.notification.findMany({
    where: { connectionId: connection.id },
  });
  expect(notices).toHaveLength(1);
  expect((await world.db.prisma.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe(
    "running",
  );

  // Reconnect from the Connections page: the waiting step resumes and the run finishes.
  await page.goto(`${world.web.url}/connections`);
  expect(await health()).toBe("broken");
  await page
    .locator(`tr[data-connection-id="${connection.id}"]`)
    .getByRole("link", { name: "Reconnect" })
    .click();
  await signInAndConsent(page);
  expect(await page.getByRole("status").textContent()).toContain("1 waiting step(s) resumed");
  const finished = await waitForRunEnd(world.db.prisma, runId);
  expect(finished.status).toBe("succeeded");
  await waitFor(
    async () => {
      const texts = await fetch(`${world.demo.apisUrl}/`).then((r) => r.text());
      return texts.includes("after revoke");
    },
    5_000,
    "message visible on the demo API",
  );
}, 300_000);

it("saves an API key (encrypted) from the Connections page, limits its calls and disconnects it", async () => {
  const page = await world.browser.newPage();
  await signUpInBrowser(page, world.web.url, {
    ...user,
    email: "grace@example.test",
    name: "Grace",
  });
  await page.goto(`${world.web.url}/connections`, { timeout: 90_000 });
  await page.getByLabel("Airtable label").fill("Ops base");
  await page.getByLabel("Airtable API key").fill("patSECRET.value123");
  await page.getByRole("button", { name: "Save Airtable key" }).click();
  await page.waitForURL(/connected=/);
  expect(await page.getByRole("status").textContent()).toContain("Connected.");

  const connection = await world.db.prisma.connection.findFirstOrThrow({
    where: { connectorId: "airtable" },
  });
  expect(connection).toMatchObject({ authKind: "api_key", label: "Ops base", status: "connected" });
  expect(connection.encryptedCredentials).not.toContain("patSECRET");
  const row = page.locator(`tr[data-connection-id="${connection.id}"]`);
  expect(await row.textContent()).toContain("Ops base");

  // Limits: told in words, refused in words, an empty field is no limit.
  const limits = row.locator("[data-limits]");
  expect(await limits.textContent()).toContain("No limits");
  const name = "Airtable — Ops base";
  await row.getByText("Change limits").click();
  await row.getByLabel(`${name}: calls at once`).fill("0");
  await row.getByRole("button", { name: "Save limits" }).click();
  await page.waitForURL(/error=/);
  expect(await page.locator(".notice.error").textContent()).toBe(
    "Calls at once: enter a whole number from 1 to 1,000",
  );
  await row.getByText("Change limits").click();
  await row.getByLabel(`${name}: calls at once`).fill("");
  await row.getByLabel(`${name}: calls per second or minute`).fill("5");
  await row.getByLabel(`${name}: per second or minute`).selectOption("second");
  await row.getByRole("button", { name: "Save limits" }).click();
  await page.waitForURL(/limits=/);
  expect(await page.getByRole("status").textContent()).toContain("Limits saved.");
  expect(await limits.textContent()).toContain("At most 5 calls a second");
  expect(
    await world.db.prisma.connection.findUniqueOrThrow({
      where: { id: connection.id },
      select: { maxConcurrent: true, rateLimitCount: true, rateLimitWindow: true },
    }),
  ).toEqual({ maxConcurrent: null, rateLimitCount: 5, rateLimitWindow: "second" });

  await row.getByRole("button", { name: "Disconnect" }).click();
  await page.waitForURL(/\/connections/);
  await waitFor(
    async () => (await row.getAttribute("data-health")) === "revoked",
    10_000,
    "row shows revoked",
  );
  const after = await world.db.prisma.connection.findUniqueOrThrow({
    where: { id: connection.id },
  });
  expect(after.status).toBe("revoked");
  expect(after.encryptedCredentials).toBeNull();
}, 300_000);
