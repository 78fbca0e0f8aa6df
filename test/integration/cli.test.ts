import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeApi, type FakeApi } from "../fakes/fake-api";
import { runCli } from "../support/cli";
import { cliScenarios } from "../support/cli-scenarios";
import { createTestDatabase, type TestDatabase } from "../support/database";

// The command line against the local database (DATABASE_URL); cli-remote.test.ts runs the
// same scenarios against the REST API of the built app.
let db: TestDatabase;
let fake: FakeApi;
let dir: string;
const env = () => ({ DATABASE_URL: db.url });
const cli = (...args: string[]) => runCli(args, env());

beforeAll(async () => {
  [db, fake] = await Promise.all([createTestDatabase(), startFakeApi()]);
  dir = await mkdtemp(join(tmpdir(), "switchyard-cli-"));
});

afterAll(async () => {
  await fake?.close();
  await db?.drop();
});

describe("npm run switchyard (local database)", () => {
  cliScenarios({
    db: () => db,
    fake: () => fake,
    env,
    // The local operator started the run; --as decides as another approver.
    approvers: ["local@switchyard.localhost", "alice@example.test"],
    decide: { args: ["--approve", "--as", "alice@example.test"], status: "approved" },
  });

  it("validates a graph, listing every problem with path and line; exit 65; --json as the REST API", async () => {
    const bad = join(dir, "bad.json");
    await writeFile(
      bad,
      JSON.stringify(
        {
          nodes: [
            { id: "t", type: "trigger" },
            { id: "a", type: "action", action: "http.request", input: { url: "not a url" } },
            { id: "b", type: "action", action: "nope.nothing" },
          ],
          edges: [
            { from: "t", to: "a", kind: "dependent" },
            { from: "a", to: "a", kind: "dependent" },
          ],
        },
        null,
        2,
      ),
    );
    const result = await cli("validate", bad);
    expect(result.code).toBe(65);
    expect(result.stderr).toMatch(new RegExp(`${bad}:\\d+: node "a" input.url`));
    expect(result.stderr).toMatch(/node "b"/);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace for a user mistake

    const asJson = await cli("validate", bad, "--json");
    expect(asJson.code).toBe(65);
    const validation = JSON.parse(asJson.stdout) as { valid: boolean; problems: unknown[] };
    expect(validation.valid).toBe(false);
    expect(validation.problems).toContainEqual(expect.objectContaining({ nodeId: "b" }));

    const good = await cli("validate", "docs/examples/fan-out.json", "--json");
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ valid: true, problems: [] });
  });

  it("reports a JSON syntax error with line and column, a missing file plainly, and usage mistakes", async () => {
    const broken = join(dir, "broken.json");
    await writeFile(broken, '{\n  "nodes": [\n    { "id": "t" }\n  ,]\n}\n');
    const result = await cli("validate", broken);
    expect(result.code).toBe(65);
    expect(result.stderr).toMatch(new RegExp(`${broken}:4:\\d+: invalid JSON`));
    const asJson = await cli("validate", broken, "--json");
    expect(asJson.code).toBe(65);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ error: { code: "bad_file" } });

    const missing = await cli("validate", join(dir, "missing.json"));
    expect(missing.code).toBe(65);
    expect(missing.stderr).toContain("cannot read file (no such file)");

    expect((await cli("frobnicate")).code).toBe(64);
    expect((await cli("runs", "show", "--no-such-option")).code).toBe(64);
    expect((await cli("runs", "show")).code).toBe(64);
  });

  it("shows database and worker log lines on stderr with --verbose only", async () => {
    const quiet = await cli("runs", "list");
    expect(quiet.stdout + quiet.stderr).not.toMatch(/\[postgres\]|"level"/);
    const loud = await cli("run", "docs/examples/fan-out.json", "--verbose");
    expect(loud.stdout).not.toMatch(/\[worker\]|"level"/);
    expect(loud.stderr).toMatch(/\[worker\]|"level"/);
  });
});
