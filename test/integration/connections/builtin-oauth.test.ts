// The built-in OAuth backend end to end against a real authorization server on loopback
// (worker/demo/oauth-provider.ts), driven without a browser: connect, refresh ahead of
// expiry and after a 401, break (R8) when the grant is revoked, repair, disconnect.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  beginAuthorization,
  completeAuthorization,
  revokeConnection,
} from "../../../worker/connections/builtin-oauth";
import {
  createConnectionAccess,
  type CredentialsResult,
} from "../../../worker/connections/connection-access";
import { parseKeyRing } from "../../../worker/connections/crypto";
import type { Env } from "../../../worker/connections/env";
import {
  openOAuthCredentials,
  sealOAuthCredentials,
} from "../../../worker/connections/stored-credentials";
import { startOAuthProvider, type RunningOAuthProvider } from "../../../worker/demo/oauth-provider";
import { AppError } from "../../../worker/errors";
import { startFakeApi, type FakeApi } from "../../fakes/fake-api";
import { createTestDatabase, type TestDatabase } from "../../support/database";
import { authorizeWithoutBrowser } from "./authorize-without-browser";

// Never contacted: the "browser" stops at the redirect and hands the URL to the app.
const REDIRECT_URI = "http://127.0.0.1:9/api/oauth/callback";
const ring = parseKeyRing(`test:${randomBytes(32).toString("base64")}`);

let db: TestDatabase;
let provider: RunningOAuthProvider;
let fakeApi: FakeApi;
let env: Env;
let workspaceId: string;
let otherWorkspaceId: string;
let ownerId: string;

beforeAll(async () => {
  [db, provider, fakeApi] = await Promise.all([
    createTestDatabase(),
    // 30 s tokens: always inside the 60 s refresh-ahead window.
    startOAuthProvider({
      clients: [{ clientId: "switchyard", clientSecret: "s3cret", redirectUris: [REDIRECT_URI] }],
      accessTokenTtlSeconds: 30,
      scopes: ["chat:write"],
    }),
    startFakeApi(),
  ]);
  // Passed to each call, never written to process.env: nothing leaks into other files.
  env = {
    SWITCHYARD_OAUTH_SLACK_CLIENT_ID: "switchyard",
    SWITCHYARD_OAUTH_SLACK_CLIENT_SECRET: "s3cret",
    SWITCHYARD_OAUTH_SLACK_AUTHORIZATION_URL: provider.authorizationUrl,
    SWITCHYARD_OAUTH_SLACK_TOKEN_URL: provider.tokenUrl,
    SWITCHYARD_OAUTH_SLACK_REVOCATION_URL: provider.revocationUrl,
  };
  const [workspace, other, user] = await Promise.all([
    db.prisma.workspace.create({ data: { name: "Acme" } }),
    db.prisma.workspace.create({ data: { name: "Someone else" } }),
    db.prisma.user.create({ data: { name: "Ada", email: "ada@example.com" } }),
  ]);
  workspaceId = workspace.id;
  otherWorkspaceId = other.id;
  ownerId = user.id;
});

afterAll(async () => {
  await Promise.all([db?.drop(), provider?.close(), fakeApi?.close()]);
});

async function connect(connectionId?: string) {
  const { url } = await beginAuthorization(
    db.prisma,
    ring,
    {
      workspaceId,
      userId: ownerId,
      connectorId: "slack",
      redirectUri: REDIRECT_URI,
      ...(connectionId && { connectionId }),
    },
    { env },
  );
  const callbackUrl = await authorizeWithoutBrowser(url, { redirectUri: REDIRECT_URI });
  return {
    callbackUrl,
    ...(await completeAuthorization(db.prisma, ring, { callbackUrl }, { env })),
  };
}

async function storedTokens(connectionId: string) {
  const row = await db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId } });
  return openOAuthCredentials(ring, row.encryptedCredentials);
}

function token(result: CredentialsResult): string {
  if (!result.ok || result.credentials.kind !== "oauth2")
    throw new Error(`no token: ${JSON.stringify(result)}`);
  return result.credentials.accessToken;
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("built-in OAuth against a real authorization server", () => {
  let connectionId: string;
  let callbackUrl: URL;

  it("connects: begin -> authorize (PKCE + state) -> callback -> a connected Connection", async () => {
    const { url } = await beginAuthorization(
      db.prisma,
      ring,
      { workspaceId, userId: ownerId, connectorId: "slack", redirectUri: REDIRECT_URI },
      { env },
    );
    const params = new URL(url).searchParams;
    expect(params.get("client_id")).toBe("switchyard");
    expect(params.get("scope")).toBe("chat:write");
    expect(params.get("code_challenge_method")).toBe("S256");
    expect(params.get("state")).toMatch(/^[\w-]{20,}$/);

    ({ callbackUrl, connectionId } = await connect());
    const row = await db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(row).toMatchObject({
      workspaceId,
      ownerId,
      connectorId: "slack",
      provider: "slack",
      backend: "builtin",
      authKind: "oauth2",
      status: "connected",
      scopes: ["chat:write"],
      brokenAt: null,
    });
    expect(row.label).toMatch(/^Slack \(\d{4}-\d{2}-\d{2}\)$/);
    const expiresIn = (row.accessTokenExpiresAt?.getTime() ?? 0) - Date.now();
    expect(expiresIn).toBeGreaterThan(20_000);
    expect(expiresIn).toBeLessThanOrEqual(30_000);

    const tokens = await storedTokens(connectionId);
    expect(tokens.refreshToken).toBeDefined();
    expect(await provider.introspect(tokens.accessToken)).toMatchObject({
      active: true,
      clientId: "switchyard",
      accountId: "alice",
      scope: "chat:write",
    });
  });

  it("keeps no token in cleartext in the database", async () => {
    const tokens = await storedTokens(connectionId);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const rows = await client.query<{ row: string }>(
        `SELECT row_to_json(c)::text AS row FROM "Connection" c WHERE id = $1`,
        [connectionId],
      );
      const raw = rows.rows[0]?.row ?? "";
      expect(raw).toContain("v1.test.");
      expect(raw).not.toContain(tokens.accessToken);
      expect(raw).not.toContain(tokens.refreshToken);
    } finally {
      await client.end();
    }
  });

  it("refuses to use the same state twice", async () => {
    const error = await rejection(completeAuthorization(db.prisma, ring, { callbackUrl }, { env }));
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/already used/);
  });

  it("getCredentials refreshes a token that expires within 60 s and hands out the new one", async () => {
    const before = await storedTokens(connectionId);
    const access = createConnectionAccess({ prisma: db.prisma, ring, env });
    const fresh = token(await access.getCredentials(connectionId, workspaceId));
    expect(fresh).not.toBe(before.accessToken);
    expect(await provider.introspect(fresh)).toMatchObject({ active: true });
    const after = await storedTokens(connectionId);
    expect(after.accessToken).toBe(fresh);
    // The provider rotates refresh tokens; the new one is the one kept.
    expect(after.refreshToken).not.toBe(before.refreshToken);
    const row = await db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(row.lastUsedAt).not.toBeNull();
  });

  it("serializes concurrent refreshes from several workers (rotation would punish a race)", async () => {
    const workers = Array.from({ length: 4 }, () =>
      createConnectionAccess({ prisma: db.prisma, ring, env }),
    );
    const results = await Promise.all(
      workers.map((access) => access.getCredentials(connectionId, workspaceId)),
    );
    for (const result of results) {
      // A second refresh with an already-used refresh token would have revoked the grant.
      expect(await provider.introspect(token(result))).toMatchObject({ active: true });
    }
    const row = await db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(row.status).toBe("connected");
  });

  it("refreshAfterUnauthorized refreshes once, and reuses a token another worker just refreshed", async () => {
    const a = createConnectionAccess({ prisma: db.prisma, ring, env });
    const b = createConnectionAccess({ prisma: db.prisma, ring, env });
    const handedToA = token(await a.getCredentials(connectionId, workspaceId));
    token(await b.getCredentials(connectionId, workspaceId));

    const refreshedByB = token(
      await b.refreshAfterUnauthorized(connectionId, workspaceId, "HTTP 401: invalid_auth"),
    );
    expect(refreshedByB).not.toBe(handedToA);
    expect(await provider.introspect(refreshedByB)).toMatchObject({ active: true });

    // A's own 401 came from an older token: B's fresh one is reused, not refreshed again.
    const forA = token(
      await a.refreshAfterUnauthorized(connectionId, workspaceId, "HTTP 401: invalid_auth"),
    );
    expect(forA).toBe(refreshedByB);
    expect((await storedTokens(connectionId)).accessToken).toBe(refreshedByB);
  });

  it("answers not_found for another workspace's connection", async () => {
    const access = createConnectionAccess({ prisma: db.prisma, ring, env });
    expect(await access.getCredentials(connectionId, otherWorkspaceId)).toMatchObject({
      ok: false,
      reason: "not_found",
    });
    expect(
      await access.refreshAfterUnauthorized(connectionId, otherWorkspaceId, "401"),
    ).toMatchObject({
      ok: false,
      reason: "not_found",
    });
  });

  it("a grant revoked at the provider breaks the connection, and its owner is told once", async () => {
    expect(await provider.revokeGrantsFor("switchyard")).toBeGreaterThan(0);
    const access = createConnectionAccess({ prisma: db.prisma, ring, env });

    const result = await access.getCredentials(connectionId, workspaceId);
    expect(result).toMatchObject({ ok: false, reason: "broken" });
    expect(!result.ok && result.message).toMatch(
      /Slack refused to refresh the access token: invalid_grant/,
    );
    const row = await db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(row.status).toBe("broken");
    expect(row.brokenAt).not.toBeNull();
    expect(row.lastError).toMatch(/invalid_grant/);

    // Still broken, and no second notification.
    expect(await access.getCredentials(connectionId, workspaceId)).toMatchObject({
      ok: false,
      reason: "broken",
    });
    expect(await access.refreshAfterUnauthorized(connectionId, workspaceId, "401")).toMatchObject({
      ok: false,
      reason: "broken",
    });
    const notifications = await db.prisma.notification.findMany({ where: { connectionId } });
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({
      userId: ownerId,
      workspaceId,
      kind: "connection_broken",
    });
    expect(notifications[0]?.title).toContain(row.label);
    expect(notifications[0]?.body).toMatch(/invalid_grant/);
    expect(notifications[0]?.body).toContain(
      "Reconnect it on the Connections page; steps waiting for it resume automatically.",
    );
  });

  it("a second authorization naming the connection repairs it", async () => {
    const repaired = await connect(connectionId);
    expect(repaired).toMatchObject({ connectionId, repaired: true });
    const row = await db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(row).toMatchObject({ status: "connected", brokenAt: null, lastError: null });
    expect(await db.prisma.connection.count()).toBe(1);
    const access = createConnectionAccess({ prisma: db.prisma, ring, env });
    expect(
      await provider.introspect(token(await access.getCredentials(connectionId, workspaceId))),
    ).toMatchObject({
      active: true,
    });
  });

  it("refuses an expired flow, an unknown state and a refused authorization", async () => {
    const { url, state } = await beginAuthorization(
      db.prisma,
      ring,
      { workspaceId, userId: ownerId, connectorId: "slack", redirectUri: REDIRECT_URI },
      { env },
    );
    await db.prisma.oAuthFlow.update({
      where: { id: state },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const late = await authorizeWithoutBrowser(url, { redirectUri: REDIRECT_URI });
    expect(
      (await rejection(completeAuthorization(db.prisma, ring, { callbackUrl: late }, { env })))
        .message,
    ).toMatch(/expired/);

    const unknown = `${REDIRECT_URI}?code=abc&state=nope`;
    expect(
      (await rejection(completeAuthorization(db.prisma, ring, { callbackUrl: unknown }, { env })))
        .message,
    ).toMatch(/Unknown authorization state/);

    const denied = await beginAuthorization(
      db.prisma,
      ring,
      { workspaceId, userId: ownerId, connectorId: "slack", redirectUri: REDIRECT_URI },
      { env },
    );
    const callback = new URL(REDIRECT_URI);
    callback.search = new URLSearchParams({
      error: "access_denied",
      state: denied.state,
      iss: provider.issuer,
    }).toString();
    expect(
      (await rejection(completeAuthorization(db.prisma, ring, { callbackUrl: callback }, { env })))
        .message,
    ).toBe("Slack did not authorize the connection (access_denied)");
  });

  it("refuses to start when the connector's OAuth client is not configured", async () => {
    const error = await rejection(
      beginAuthorization(
        db.prisma,
        ring,
        { workspaceId, userId: ownerId, connectorId: "slack", redirectUri: REDIRECT_URI },
        { env: {} },
      ),
    );
    expect(error.message).toMatch(
      /SWITCHYARD_OAUTH_SLACK_CLIENT_ID and SWITCHYARD_OAUTH_SLACK_CLIENT_SECRET/,
    );
  });

  it("without a refresh token, uses the token while it works and breaks on its 401", async () => {
    const { id } = await db.prisma.connection.create({
      data: {
        workspaceId,
        ownerId,
        connectorId: "slack",
        provider: "slack",
        authKind: "oauth2",
        label: "No refresh token",
        encryptedCredentials: sealOAuthCredentials(ring, {
          accessToken: "at-1",
          tokenType: "bearer",
        }),
        accessTokenExpiresAt: new Date(Date.now() + 30_000),
      },
    });
    const access = createConnectionAccess({ prisma: db.prisma, ring, env });
    expect(token(await access.getCredentials(id, workspaceId))).toBe("at-1");
    const result = await access.refreshAfterUnauthorized(
      id,
      workspaceId,
      "HTTP 401: token_revoked",
    );
    expect(result).toEqual({
      ok: false,
      reason: "broken",
      message:
        "HTTP 401: token_revoked; Slack gave no refresh token, so the access token cannot be renewed",
    });
  });

  it("disconnecting revokes the grant at the provider and erases the tokens", async () => {
    const { accessToken } = await storedTokens(connectionId);
    const outcome = await revokeConnection(db.prisma, ring, { connectionId, workspaceId }, { env });
    expect(outcome).toEqual({ revokedAtProvider: true });
    expect(await provider.introspect(accessToken)).toEqual({ active: false });
    const row = await db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(row).toMatchObject({ status: "revoked", encryptedCredentials: null });
    const access = createConnectionAccess({ prisma: db.prisma, ring, env });
    expect(await access.getCredentials(connectionId, workspaceId)).toMatchObject({
      ok: false,
      reason: "revoked",
    });
  });

  it("disconnecting never fails because the provider refuses to revoke", async () => {
    const { connectionId: another } = await connect();
    fakeApi.script("/revoke", [{ status: 503, json: { error: "temporarily_unavailable" } }]);
    const outcome = await revokeConnection(
      db.prisma,
      ring,
      { connectionId: another, workspaceId },
      { env: { ...env, SWITCHYARD_OAUTH_SLACK_REVOCATION_URL: `${fakeApi.url}/revoke` } },
    );
    expect(outcome.revokedAtProvider).toBe(false);
    expect(outcome.providerMessage).toBeTruthy();
    expect(fakeApi.requestsTo("/revoke")).toHaveLength(1);
    const row = await db.prisma.connection.findUniqueOrThrow({ where: { id: another } });
    expect(row.status).toBe("revoked");
  });
});
