// API-key connections: stored encrypted, handed out as is, broken by a 401 (R8).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKeyConnection } from "../../../worker/connections/api-key";
import { createConnectionAccess } from "../../../worker/connections/connection-access";
import { parseKeyRing } from "../../../worker/connections/crypto";
import { AppError } from "../../../worker/errors";
import { createTestDatabase, type TestDatabase } from "../../support/database";

const ring = parseKeyRing(`test:${randomBytes(32).toString("base64")}`);
const API_KEY = `pat${randomBytes(12).toString("hex")}`;

let db: TestDatabase;
let workspaceId: string;
let ownerId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const [workspace, user] = await Promise.all([
    db.prisma.workspace.create({ data: { name: "Acme" } }),
    db.prisma.user.create({ data: { name: "Ada", email: "ada@example.com" } }),
  ]);
  workspaceId = workspace.id;
  ownerId = user.id;
});
afterAll(() => db?.drop());

describe("API-key connections", () => {
  let connectionId: string;

  it("are stored encrypted", async () => {
    ({ connectionId } = await createApiKeyConnection(db.prisma, ring, {
      workspaceId,
      ownerId,
      connectorId: "airtable",
      apiKey: `  ${API_KEY}\n`,
      label: "Marketing base",
    }));
    const row = await db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(row).toMatchObject({
      provider: "airtable-pat",
      backend: "builtin",
      authKind: "api_key",
      status: "connected",
      label: "Marketing base",
    });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ row: string }>(
        `SELECT row_to_json(c)::text AS row FROM "Connection" c`,
      );
      expect(rows[0]?.row).not.toContain(API_KEY);
    } finally {
      await client.end();
    }
  });

  it("refuses connectors that do not take an API key, and empty keys", async () => {
    const attempt = (connectorId: string, apiKey: string) =>
      createApiKeyConnection(db.prisma, ring, {
        workspaceId,
        ownerId,
        connectorId,
        apiKey,
        label: "",
      });
    await expect(attempt("slack", API_KEY)).rejects.toThrow(/does not connect with an API key/);
    await expect(attempt("airtable", "  ")).rejects.toBeInstanceOf(AppError);
  });

  it("getCredentials hands out the key", async () => {
    const access = createConnectionAccess({ prisma: db.prisma, ring, env: {} });
    expect(await access.getCredentials(connectionId, workspaceId)).toEqual({
      ok: true,
      credentials: { kind: "api_key", apiKey: API_KEY },
    });
  });

  it("a 401 breaks it (an API key cannot be refreshed) and tells the owner", async () => {
    const access = createConnectionAccess({ prisma: db.prisma, ring, env: {} });
    const message = "HTTP 401 from api.airtable.com: Invalid authentication token";
    expect(await access.refreshAfterUnauthorized(connectionId, workspaceId, message)).toEqual({
      ok: false,
      reason: "broken",
      message,
    });
    expect(await access.getCredentials(connectionId, workspaceId)).toEqual({
      ok: false,
      reason: "broken",
      message,
    });
    const notifications = await db.prisma.notification.findMany({ where: { connectionId } });
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({
      userId: ownerId,
      kind: "connection_broken",
      title: 'Your Airtable connection "Marketing base" needs to be reconnected',
    });
    expect(notifications[0]?.body).toContain("Invalid authentication token");
  });
});
