import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../support/database";
import { graph } from "../../support/graphs";
import { startGraphRun, waitForRunEnd } from "../../support/runs";
import { spawnScript, type ScriptProcess } from "../../support/script-process";
import { TEST_SECRETS_ENV } from "../../support/test-secrets";
import { waitFor } from "../../support/wait-for";
import { freePort } from "../../support/web-app";

// Production on one machine as README.md tells it: after `npm run build`,
// `npm run start:prod` against the Postgres in DATABASE_URL migrates a blank
// database, serves the built app (`next start`) and runs a worker; SIGTERM
// stops both cleanly. Missing settings stop it before anything starts.

let db: TestDatabase;
const children: ChildProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase({ empty: true });
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await db?.drop();
});

function startProd(
  env: Record<string, string>,
  script = ["--import", "tsx", "scripts/start-prod.ts"],
): ScriptProcess {
  // NODE_ENV as an operator sets it; start-prod sets it for its children anyway.
  const started = spawnScript(script, { NODE_ENV: "production", ...env });
  children.push(started.child);
  return started;
}

it("refuses to start without the production settings, naming each missing one", async () => {
  const prod = startProd({ DATABASE_URL: db.url });
  expect(await prod.exited).toBe(1);
  for (const name of [
    "SWITCHYARD_ENCRYPTION_KEYS",
    "SWITCHYARD_LINK_SECRET",
    "SWITCHYARD_PUBLIC_URL",
    "BETTER_AUTH_SECRET",
  ]) {
    expect(prod.output()).toContain(`${name}: required in production`);
  }
  expect(prod.output()).not.toContain("DATABASE_URL: required");
});

it("migrates a blank database, serves /healthz and /readyz, runs steps, and stops on SIGTERM", async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const prod = startProd({
    ...TEST_SECRETS_ENV,
    DATABASE_URL: db.url,
    SWITCHYARD_PUBLIC_URL: url,
    HOST: "127.0.0.1",
    PORT: String(port),
  });
  await waitFor(
    async () => (await fetch(`${url}/healthz`).catch(() => null))?.ok === true,
    60_000,
    "/healthz answers",
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n${prod.output()}`);
  });
  // The product runs on the Node 24 the project pins, whatever Node the machine has.
  const health = (await (await fetch(`${url}/healthz`)).json()) as { node: string };
  expect(health.node).toMatch(/^v24\./);
  const ready = await fetch(`${url}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: "ready" });

  // The worker start-prod started picks up work from the database it migrated.
  const runId = await startGraphRun(
    db.prisma,
    graph(
      [{ id: "copy", type: "action", action: "util.pass_data", input: { data: 1 } }],
      [["trigger", "copy"]],
    ),
  );
  expect((await waitForRunEnd(db.prisma, runId, 60_000)).status).toBe("succeeded");

  // The production server renders the app's pages.
  const signIn = await fetch(`${url}/sign-in`);
  expect(signIn.status).toBe(200);
  expect(await signIn.text()).toContain("Sign in");

  prod.child.kill("SIGTERM");
  expect(await prod.exited).toBe(0);
  // Logs are JSON lines (pino) in production.
  expect(prod.output()).toMatch(/"msg":"web app on http:\/\/127\.0\.0\.1:\d+"/);
}, 180_000);

it("the standalone server the Docker image runs (web role) is ready against the same database", async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const web = startProd(
    {
      ...TEST_SECRETS_ENV,
      NODE_ENV: "production",
      DATABASE_URL: db.url,
      SWITCHYARD_PUBLIC_URL: url,
      HOSTNAME: "127.0.0.1",
      PORT: String(port),
    },
    [".next/standalone/server.js"],
  );
  await waitFor(
    async () => (await fetch(`${url}/readyz`).catch(() => null))?.ok === true,
    60_000,
    "/readyz answers 200",
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n${web.output()}`);
  });
  expect((await fetch(`${url}/sign-up`)).status).toBe(200);
  web.child.kill("SIGTERM");
  await web.exited;
}, 120_000);
