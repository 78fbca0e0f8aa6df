import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect } from "vitest";
import { startFakeApi, type FakeApi } from "../../fakes/fake-api";
import { createTestDatabase, type TestDatabase } from "../../support/database";
import { startWebApp, type WebApp } from "../../support/web-app";
import { spawnWorker, type WorkerProcess } from "../../support/worker-process";
import { authPost, call, fillPath, type ApiResult, type Credentials } from "./http-client";

// One world for the REST API tests (api.test.ts and its parts): the real Next.js app, a
// real worker process, a fake SaaS API, and two users in two workspaces. Alice owns the
// resources; Bob (another workspace) tries to reach them.

export const alice = {
  name: "Alice Example",
  email: "alice@example.test",
  password: "correct horse 1",
};
export const bob = { name: "Bob Other", email: "bob@example.test", password: "battery staple 2" };

export interface OpenApiDocument {
  paths: Record<string, Record<string, { operationId: string }>>;
}

export interface ApiWorld {
  db: TestDatabase;
  web: WebApp;
  fake: FakeApi;
  /** Ids of Alice's resources, filled in as the tests create them. */
  ids: Record<string, string>;
  aliceSession: Credentials;
  aliceKey: Credentials;
  bobSession: Credentials;
  bobKey: Credentials;
  /** The served OpenAPI document, once the document's test has read it. */
  doc: OpenApiDocument;
  api(who: Credentials, method: string, path: string, body?: unknown): Promise<ApiResult>;
  expectStatus(result: ApiResult, status: number, what?: string): void;
  signUp(user: typeof alice): Promise<Credentials>;
  createKey(who: Credentials, name: string): Promise<{ id: string; key: string }>;
  /** Calls an operation as Alice's key, by its operationId, through the document's path. */
  operation(id: string, params?: Record<string, string>, body?: unknown): Promise<ApiResult>;
}

/** Starts the world before the file's tests and stops it after them. */
export function useApiWorld(): ApiWorld {
  let worker: WorkerProcess | undefined;
  const w = {
    ids: {},
    aliceSession: null,
    aliceKey: null,
    bobSession: null,
    bobKey: null,
    doc: { paths: {} },
  } as unknown as ApiWorld;

  beforeAll(async () => {
    [w.db, w.fake] = await Promise.all([createTestDatabase(), startFakeApi()]);
    const vars = {
      DATABASE_URL: w.db.url,
      SWITCHYARD_ENCRYPTION_KEYS: `api:${randomBytes(32).toString("base64")}`,
      BETTER_AUTH_SECRET: randomBytes(32).toString("base64"),
    };
    [w.web, worker] = await Promise.all([
      // The fake SaaS API is on loopback, which actions (and tested steps) may not reach otherwise.
      startWebApp({ ...vars, SWITCHYARD_ALLOW_PRIVATE_NETWORK: "true" }),
      spawnWorker(w.db.url, vars),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([w.web?.stop(), worker?.stop(), w.fake?.close()]);
    await w.db?.drop();
  });

  w.api = (who, method, path, body) => call(`${w.web.url}/api/v1`, who, method, path, body);
  w.expectStatus = (result, status, what = "") => {
    // A 500 is explained by the server's log, not by Next's HTML error page.
    const detail = result.status >= 500 ? w.web.output().slice(-3000) : result.text.slice(0, 400);
    expect(result.status, `${what} → ${detail}`).toBe(status);
  };
  w.signUp = async (user) => {
    const result = await authPost(w.web.url, "sign-up/email", user);
    expect(result.status, JSON.stringify(result.json)).toBe(200);
    expect(result.cookie).toMatch(/session_token=/);
    return { cookie: result.cookie };
  };
  w.createKey = async (who, name) => {
    const created = await w.api(who, "POST", "/api-keys", { name });
    w.expectStatus(created, 201, "create key");
    return created.json as { id: string; key: string };
  };
  w.operation = async (id, params = {}, body) => {
    for (const [path, methods] of Object.entries(w.doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (op.operationId === id) {
          return w.api(w.aliceKey, method.toUpperCase(), fillPath(path, params), body);
        }
      }
    }
    throw new Error(`operation ${id} is not in the document`);
  };
  return w;
}
