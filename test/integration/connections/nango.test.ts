// Contract test of the Nango backend through the real @nangohq/node SDK against
// test/fakes/fake-nango.ts: the requests Switchyard makes (method, path, bearer key, body),
// webhook signatures, connections created from webhooks, credentials fetched per attempt.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConnectorError } from "../../../connectors/_sdk/errors";
import { createConnectionAccess } from "../../../worker/connections/connection-access";
import { parseKeyRing } from "../../../worker/connections/crypto";
import type { Env } from "../../../worker/connections/env";
import { createNangoBackend, type NangoBackend } from "../../../worker/connections/nango-backend";
import { AppError } from "../../../worker/errors";
import { startFakeNango, type FakeNango } from "../../fakes/fake-nango";
import { createTestDatabase, type TestDatabase } from "../../support/database";

const ring = parseKeyRing(`test:${randomBytes(32).toString("base64")}`);

let db: TestDatabase;
let nango: FakeNango;
let env: Env;
let backend: NangoBackend;
let workspaceId: string;
let userId: string;

beforeAll(async () => {
  [db, nango] = await Promise.all([createTestDatabase(), startFakeNango()]);
  env = {
    NANGO_SECRET_KEY: nango.secretKey,
    NANGO_HOST: nango.url,
    NANGO_WEBHOOK_SIGNING_KEY: nango.webhookSigningKey,
  };
  backend = createNangoBackend({ prisma: db.prisma, env }) as NangoBackend;
  const [workspace, user] = await Promise.all([
    db.prisma.workspace.create({ data: { name: "Acme" } }),
    db.prisma.user.create({ data: { name: "Ada", email: "ada@example.com" } }),
  ]);
  workspaceId = workspace.id;
  userId = user.id;
});
afterAll(async () => {
  await Promise.all([db?.drop(), nango?.close()]);
});
beforeEach(() => {
  nango.requests.length = 0;
});

function authWebhook(fields: Record<string, unknown>): string {
  return JSON.stringify({
    from: "nango",
    type: "auth",
    connectionId: "nango-conn-1",
    providerConfigKey: "slack",
    provider: "slack",
    environment: "dev",
    authMode: "OAUTH2",
    operation: "creation",
    success: true,
    tags: {
      end_user_id: userId,
      end_user_email: "ada@example.com",
      workspace_id: workspaceId,
      connector_id: "slack",
    },
    ...fields,
  });
}

const deliver = (body: string) => backend.handleNangoWebhook(body, nango.signWebhook(body));

describe("Nango backend", () => {
  it("is off without NANGO_SECRET_KEY", () => {
    expect(createNangoBackend({ prisma: db.prisma, env: {} })).toBeNull();
  });

  it("creates a Connect UI session tagged with whose connection it will be", async () => {
    const session = await backend.createConnectSession({
      workspaceId,
      userId,
      connectorId: "slack",
    });
    expect(session.token).toMatch(/^nango_connect_session_/);
    expect(session.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(nango.requests).toHaveLength(1);
    const [request] = nango.requests;
    expect(request).toMatchObject({ method: "POST", path: "/connect/sessions" });
    expect(request?.headers.authorization).toBe(`Bearer ${nango.secretKey}`);
    expect(request?.json).toEqual({
      end_user: { id: userId, email: "ada@example.com", display_name: "Ada" },
      allowed_integrations: ["slack"],
      tags: {
        end_user_id: userId,
        end_user_email: "ada@example.com",
        workspace_id: workspaceId,
        connector_id: "slack",
      },
    });
  });

  it("refuses webhooks without a valid signature", async () => {
    const body = authWebhook({});
    const forged = { "x-nango-hmac-sha256": "0".repeat(64) };
    for (const headers of [forged, {}, nango.signWebhook(authWebhook({ connectionId: "other" }))]) {
      const error: unknown = await backend
        .handleNangoWebhook(body, headers)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("unauthenticated");
    }
    expect(await db.prisma.connection.count()).toBe(0);
  });

  let connectionId: string;

  it("creates the connection from a signed creation webhook, once, with no secret stored", async () => {
    const result = await deliver(authWebhook({}));
    expect(result).toMatchObject({ outcome: "created" });
    connectionId = (result as { connectionId: string }).connectionId;
    // Nango retries deliveries: the same webhook again changes nothing.
    expect(await deliver(authWebhook({}))).toEqual({ outcome: "repaired", connectionId });
    expect(await db.prisma.connection.count()).toBe(1);
    const row = await db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(row).toMatchObject({
      workspaceId,
      ownerId: userId,
      connectorId: "slack",
      provider: "slack",
      backend: "nango",
      authKind: "oauth2",
      status: "connected",
      nangoConnectionId: "nango-conn-1",
      encryptedCredentials: null,
    });
  });

  it("ignores webhooks that need no action", async () => {
    expect(
      await deliver(JSON.stringify({ type: "sync", connectionId: "nango-conn-1" })),
    ).toMatchObject({ outcome: "ignored" });
    expect(await deliver(authWebhook({ connectionId: "stranger", tags: {} }))).toMatchObject({
      outcome: "ignored",
    });
    expect(await db.prisma.connection.count()).toBe(1);
  });

  it("fetches credentials from Nango at each attempt, and forces a refresh after a 401", async () => {
    nango.setConnection("nango-conn-1", {
      providerConfigKey: "slack",
      credentials: { type: "OAUTH2", access_token: "xoxb-first" },
    });
    const access = createConnectionAccess({ prisma: db.prisma, ring, env });
    expect(await access.getCredentials(connectionId, workspaceId)).toEqual({
      ok: true,
      credentials: { kind: "oauth2", accessToken: "xoxb-first" },
    });
    const [request] = nango.requests;
    expect(request).toMatchObject({
      method: "GET",
      path: "/connections/nango-conn-1",
      query: { provider_config_key: "slack", force_refresh: "false" },
    });
    expect(request?.headers.authorization).toBe(`Bearer ${nango.secretKey}`);

    nango.setConnection("nango-conn-1", {
      providerConfigKey: "slack",
      credentials: { type: "OAUTH2", access_token: "xoxb-second" },
    });
    expect(
      await access.refreshAfterUnauthorized(connectionId, workspaceId, "HTTP 401: invalid_auth"),
    ).toEqual({
      ok: true,
      credentials: { kind: "oauth2", accessToken: "xoxb-second" },
    });
    expect(nango.requests[1]?.query.force_refresh).toBe("true");
    const row = await db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(row.lastUsedAt).not.toBeNull();
    expect(await access.getCredentials(connectionId, "another-workspace")).toMatchObject({
      ok: false,
      reason: "not_found",
    });
  });

  it("a Nango outage is retryable and leaves the connection alone", async () => {
    nango.setConnection("nango-conn-1", {
      status: 503,
      code: "server_error",
      message: "down for maintenance",
    });
    const access = createConnectionAccess({ prisma: db.prisma, ring, env });
    const error: unknown = await access
      .getCredentials(connectionId, workspaceId)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ retryable: true, httpStatus: 503 });
    expect(
      (await db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId } })).status,
    ).toBe("connected");
  });

  it("a refresh-failure webhook breaks the connection; an override webhook repairs it", async () => {
    const failed = authWebhook({
      operation: "refresh",
      success: false,
      error: { type: "refresh_token_external_error", description: "The refresh token was revoked" },
    });
    expect(await deliver(failed)).toEqual({ outcome: "marked_broken", connectionId });
    expect(await deliver(failed)).toEqual({ outcome: "marked_broken", connectionId });
    const notifications = await db.prisma.notification.findMany({ where: { connectionId } });
    expect(notifications).toHaveLength(1);
    expect(notifications[0]?.body).toContain("The refresh token was revoked");
    const access = createConnectionAccess({ prisma: db.prisma, ring, env });
    expect(await access.getCredentials(connectionId, workspaceId)).toMatchObject({
      ok: false,
      reason: "broken",
    });

    const session = await backend.createConnectSession({
      workspaceId,
      userId,
      connectorId: "slack",
      connectionId,
    });
    expect(session.token).toBeTruthy();
    expect(nango.requests.at(-1)).toMatchObject({
      method: "POST",
      path: "/connect/sessions/reconnect",
      json: { connection_id: "nango-conn-1", integration_id: "slack" },
    });

    expect(await deliver(authWebhook({ operation: "override" }))).toEqual({
      outcome: "repaired",
      connectionId,
    });
    expect(
      await db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId } }),
    ).toMatchObject({
      status: "connected",
      brokenAt: null,
    });
  });

  it("marks the connection broken when Nango can no longer provide credentials", async () => {
    nango.setConnection("nango-conn-1", {
      status: 424,
      code: "invalid_credentials",
      message: "The refresh token is invalid",
    });
    const access = createConnectionAccess({ prisma: db.prisma, ring, env });
    const result = await access.getCredentials(connectionId, workspaceId);
    expect(result).toMatchObject({ ok: false, reason: "broken" });
    expect(!result.ok && result.message).toMatch(/The refresh token is invalid/);
    expect(
      (await db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId } })).status,
    ).toBe("broken");
  });
});
