import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildState } from "../../../scripts/web-build";
import { createTestDatabase, type TestDatabase } from "../../support/database";
import { graph } from "../../support/graphs";
import { startGraphRun, waitForRunEnd } from "../../support/runs";
import { spawnScript } from "../../support/script-process";
import { waitFor } from "../../support/wait-for";
import { freePort } from "../../support/web-app";

// README's first command, `npm start`, on a machine with nothing set: the production
// build (not the dev server) with a worker and the demo world, no settings needed,
// and no rebuild when the build on disk is of the current sources (npm test built it).

let db: TestDatabase;
const children: ChildProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase({ empty: true });
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await db?.drop();
});

it("serves the production build with a worker and the demo world, and stops on Ctrl-C", async () => {
  const wasCurrent = (await buildState()) === "current";
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // DATABASE_URL stands in for the embedded Postgres, which tests do not share.
  const start = spawnScript(["--import", "tsx", "scripts/start.ts"], {
    DATABASE_URL: db.url,
    PORT: String(port),
  });
  children.push(start.child);
  await waitFor(
    async () => (await fetch(`${url}/healthz`).catch(() => null))?.ok === true,
    240_000,
    "/healthz answers",
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n${start.output()}`);
  });
  expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({
    mode: "production",
    node: expect.stringMatching(/^v24\./),
  });
  if (wasCurrent) expect(start.output()).not.toContain("building the web app");
  expect(start.output()).toContain(`connect them on ${url}/connections`);

  const signUp = await fetch(`${url}/sign-up`);
  expect(signUp.status).toBe(200);
  expect(await signUp.text()).not.toContain("nextjs-portal"); // no dev overlay

  const runId = await startGraphRun(
    db.prisma,
    graph(
      [{ id: "copy", type: "action", action: "util.pass_data", input: { data: 1 } }],
      [["trigger", "copy"]],
    ),
  );
  expect((await waitForRunEnd(db.prisma, runId, 60_000)).status).toBe("succeeded");

  // One origin: the intake process answers webhooks on the same port as the pages.
  const hook = await fetch(`${url}/hooks/no-such-token`, { method: "POST", body: "{}" });
  expect(hook.status).toBe(404);
  expect(await hook.json()).toMatchObject({ error: { code: "not_found" } });

  start.child.kill("SIGINT");
  expect(await start.exited).toBe(0);
}, 300_000);
