import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { TEST_WORKER_ENV } from "../support/worker-process";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
let db: TestDatabase;
let demoApi: ChildProcess;
let demoApiUrl: string;
let dir: string;

/** Runs `npm run switchyard -- …` the way a user would, as a separate process. */
function switchyard(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "worker/cli/main.ts", ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...TEST_WORKER_ENV, DATABASE_URL: db.url },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), "switchyard-cli-"));
  demoApi = spawn(process.execPath, ["--import", "tsx", "scripts/demo-api.ts"], {
    cwd: repoRoot,
    env: { ...process.env, DEMO_API_PORT: "0" },
  });
  demoApiUrl = await new Promise<string>((resolve, reject) => {
    let out = "";
    demoApi.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    demoApi.once("exit", (code) => reject(new Error(`demo API exited ${code}: ${out}`)));
  });
});

afterAll(async () => {
  demoApi?.kill();
  await db?.drop();
});

describe("npm run switchyard", () => {
  it("runs the fan-out example: per-branch summary and a non-zero exit for a partial failure", async () => {
    const payload = join(dir, "order.json");
    await writeFile(
      payload,
      JSON.stringify({ api: demoApiUrl, orderId: "A-1", customer: "Ada", total: 250 }),
    );
    const run = await switchyard(["run", "docs/examples/fan-out.json", "--payload", payload]);
    expect(run.stderr).not.toContain("Unexpected error");
    expect(run.code).toBe(1);
    // R15: steps, branches and outcomes by name and in words, never ids or enum spellings.
    expect(run.stdout).toContain("PARTLY SUCCEEDED");
    expect(run.stdout).toMatch(/Branch Open a fulfilment ticket: failed/);
    expect(run.stdout).toMatch(
      /Assign the ticket\s+skipped — blocked by Open a fulfilment ticket \(root cause: Open a fulfilment ticket\)/,
    );
    expect(run.stdout).toMatch(/Branch Tell the team: succeeded/);
    expect(run.stdout).toMatch(/Branch Append to the orders sheet: succeeded/);
    expect(run.stdout).toMatch(
      /Open a fulfilment ticket\s+failed — the service had an error: HTTP 503 .*; 3 attempt\(s\)/,
    );
    expect(run.stdout).not.toMatch(/create_ticket|assign_ticket|partially_succeeded|http_5xx/);

    const runId = /Run (\S+) started/.exec(run.stdout)![1]!;
    const show = await switchyard(["runs", "show", runId]);
    expect(show.code).toBe(1);
    expect(show.stdout).toContain("Branch Open a fulfilment ticket: failed");

    // Retrying cannot fix a service that keeps failing, but it runs only the failed part.
    const retry = await switchyard(["runs", "retry", runId]);
    expect(retry.stdout).toContain(
      "generation 2 started on version 1; re-running Open a fulfilment ticket and Assign the ticket",
    );
    expect(retry.code).toBe(1);
    const notify = await db.prisma.attempt.count({ where: { runId, nodeId: "notify_chat" } });
    expect(notify).toBe(1);

    const cancel = await switchyard(["runs", "cancel", runId]);
    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toContain("had already ended");
  });

  it("validates a graph, listing every problem with path and line; exit 65", async () => {
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
    const result = await switchyard(["validate", bad]);
    expect(result.code).toBe(65);
    expect(result.stderr).toMatch(new RegExp(`${bad}:\\d+: node "a" input.url`));
    expect(result.stderr).toMatch(/node "b"/);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace for a user mistake
  });

  it("reports a JSON syntax error with line and column, and a missing file plainly", async () => {
    const broken = join(dir, "broken.json");
    await writeFile(broken, '{\n  "nodes": [\n    { "id": "t" }\n  ,]\n}\n');
    const result = await switchyard(["validate", broken]);
    expect(result.code).toBe(65);
    expect(result.stderr).toMatch(new RegExp(`${broken}:4:\\d+: invalid JSON`));

    const missing = await switchyard(["validate", join(dir, "missing.json")]);
    expect(missing.code).toBe(65);
    expect(missing.stderr).toContain("cannot read file (no such file)");

    const unknown = await switchyard(["runs", "show", "no-such-run"]);
    expect(unknown.code).toBe(66);
    expect(unknown.stderr).toContain("not found");
  });
});
