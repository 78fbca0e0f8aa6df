import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeApi, type FakeApi } from "../fakes/fake-api";
import { runCli } from "../support/cli";
import { cliScenarios } from "../support/cli-scenarios";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { startWebApp, type WebApp } from "../support/web-app";
import { spawnWorker, type WorkerProcess } from "../support/worker-process";
import { authPost, call } from "./api/http-client";

// The command line against a running instance's REST API (SWITCHYARD_URL and
// SWITCHYARD_API_KEY): the built app and a worker process; the same scenarios as
// cli.test.ts. Needs `npm run build` first.
let db: TestDatabase;
let fake: FakeApi;
let web: WebApp;
let worker: WorkerProcess;
let apiKey: string;
const env = () => ({ SWITCHYARD_URL: web.url, SWITCHYARD_API_KEY: apiKey, DATABASE_URL: "" });

beforeAll(async () => {
  [db, fake] = await Promise.all([createTestDatabase(), startFakeApi()]);
  const vars = {
    DATABASE_URL: db.url,
    SWITCHYARD_ENCRYPTION_KEYS: `cli:${randomBytes(32).toString("base64")}`,
    BETTER_AUTH_SECRET: randomBytes(32).toString("base64"),
    SWITCHYARD_ALLOW_PRIVATE_NETWORK: "true",
  };
  [web, worker] = await Promise.all([startWebApp(vars), spawnWorker(db.url, vars)]);
  const alice = { name: "Alice Example", email: "alice@example.test", password: "correct horse 1" };
  const signedUp = await authPost(web.url, "sign-up/email", alice);
  expect(signedUp.status).toBe(200);
  const key = await call(`${web.url}/api/v1`, { cookie: signedUp.cookie }, "POST", "/api-keys", {
    name: "cli",
  });
  expect(key.status).toBe(201);
  apiKey = (key.json as { key: string }).key;
}, 180_000);

afterAll(async () => {
  await Promise.allSettled([web?.stop(), worker?.stop(), fake?.close()]);
  await db?.drop();
});

describe("npm run switchyard (REST API with an API key)", () => {
  cliScenarios({
    db: () => db,
    fake: () => fake,
    env,
    // Alice's key started the run, so she may only reject it.
    approvers: ["alice@example.test"],
    decide: { args: ["--reject"], status: "rejected" },
  });

  it("refuses a half-set or wrong key, and --as, plainly", async () => {
    const half = await runCli(["runs", "list"], {
      SWITCHYARD_URL: web.url,
      SWITCHYARD_API_KEY: "",
    });
    expect(half.code).toBe(64);
    expect(half.stderr).toContain("Set both SWITCHYARD_URL and SWITCHYARD_API_KEY");
    const wrong = await runCli(["runs", "list", "--json"], {
      ...env(),
      SWITCHYARD_API_KEY: "nope",
    });
    expect(wrong.code).toBe(77);
    expect(JSON.parse(wrong.stdout)).toMatchObject({ error: { code: "unauthenticated" } });
    const as = await runCli(["approvals", "decide", "x", "--approve", "--as", "a@b.test"], env());
    expect(as.code).toBe(64);
    const unreachable = await runCli(["runs", "list"], {
      SWITCHYARD_URL: "http://127.0.0.1:9",
      SWITCHYARD_API_KEY: "k",
    });
    expect(unreachable.code).toBe(69);
  });
});
