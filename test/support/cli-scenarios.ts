import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import type { FakeApi } from "../fakes/fake-api";
import { gatedGraph, runCli, spawnCli } from "./cli";
import type { TestDatabase } from "./database";

/** How one mode reaches Switchyard: the local database, or a running instance's REST API. */
export interface CliMode {
  db: () => TestDatabase;
  fake: () => FakeApi;
  env: () => Record<string, string>;
  /** The approver list of the gated graph: always includes whoever the CLI decides as. */
  approvers: string[];
  /** A decision this mode may make on a run it started (the requester may not approve). */
  decide: { args: string[]; status: "approved" | "rejected" };
}

type Json = Record<string, unknown> & { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Every command, as a person and as a script (--json, parsed here) would use it, with
 * each refusal's exit code; run once against each mode so both answer alike.
 */
export function cliScenarios(mode: CliMode) {
  let dir: string;
  const cli = (...args: string[]) => runCli(args, mode.env());
  const json = (stdout: string) => JSON.parse(stdout) as Json;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "switchyard-cli-"));
  });

  it("runs, shows, lists and retries: text by name, --json as the REST API, kept results said so", async () => {
    const fake = mode.fake();
    fake.script("/status/503", [{ status: 503, json: { error: "down" } }]);
    const payload = join(dir, "order.json");
    await writeFile(payload, JSON.stringify({ api: fake.url, orderId: "A-1", total: 250 }));
    const run = await cli("run", "docs/examples/fan-out.json", "--payload", payload);
    expect(run.stderr).not.toContain("Unexpected error");
    expect(run.code).toBe(1);
    // Steps, branches and outcomes by name and in words, never ids or enum spellings.
    expect(run.stdout).toContain("PARTLY SUCCEEDED");
    expect(run.stdout).toMatch(/Branch Open a fulfilment ticket: failed/);
    expect(run.stdout).toMatch(
      /Assign the ticket\s+skipped — blocked by Open a fulfilment ticket \(root cause: Open a fulfilment ticket\)/,
    );
    expect(run.stdout).toMatch(/Branch Tell the team: succeeded/);
    expect(run.stdout).toMatch(
      /Open a fulfilment ticket\s+failed — the service had an error: HTTP 503 .*; 3 attempt\(s\)/,
    );
    expect(run.stdout).not.toMatch(/create_ticket|assign_ticket|partially_succeeded|http_5xx/);
    // Database and worker log lines only with --verbose.
    expect(run.stdout + run.stderr).not.toMatch(/\[postgres\]|\[worker\]|"level"/);
    const runId = /Run (\S+) started/.exec(run.stdout)![1]!;

    const show = await cli("runs", "show", runId);
    expect(show.code).toBe(1);
    expect(show.stdout).toContain("Branch Open a fulfilment ticket: failed");
    const shown = await cli("runs", "show", runId, "--json");
    expect(shown.code).toBe(1);
    const details = json(shown.stdout);
    expect(details).toMatchObject({ id: runId, status: "partially_succeeded", generation: 1 });
    expect(details.attempts.filter((a: Json) => a.nodeId === "create_ticket")).toHaveLength(3);
    expect(details.attempts.find((a: Json) => a.nodeId === "create_ticket").errorClass).toBe(
      "http_5xx",
    );

    const listed = json(
      (await cli("runs", "list", "--json", "--status", "partially_succeeded")).stdout,
    );
    expect(listed.runs.map((r: Json) => r.id)).toContain(runId);
    const byAutomation = await cli("runs", "list", "--automation", "fan-out", "--since", "1h");
    expect(byAutomation.code).toBe(0);
    expect(byAutomation.stdout).toContain(runId);
    expect(byAutomation.stdout).toContain("partly succeeded");
    const later = json((await cli("runs", "list", "--json", "--since", "2999-01-01")).stdout);
    expect(later.runs).toEqual([]);
    expect((await cli("runs", "list", "--status", "broken")).code).toBe(64);
    expect((await cli("runs", "list", "--since", "last tuesday")).code).toBe(64);
    expect((await cli("runs", "list", "--automation", "no such automation")).code).toBe(66);

    // The service is fixed: the retry runs only the failed part and says what it kept.
    fake.script("/status/503", [{ status: 200, json: { id: "T-1" } }]);
    const echoes = fake.requestsTo("/echo").length;
    const retry = await cli("runs", "retry", runId);
    expect(retry.stderr).not.toContain("Unexpected error");
    expect(retry.code).toBe(0);
    expect(retry.stdout).toContain(
      "generation 2 started on version 1; re-running Open a fulfilment ticket and Assign the ticket; keeping the results of",
    );
    expect(retry.stdout).toMatch(/Tell the team\s+succeeded: kept from generation 1/);
    expect(retry.stdout).not.toMatch(/Tell the team\s+succeeded after/);
    expect(retry.stdout).toMatch(/Tell the team\s+succeeded \(kept from generation 1\)/);
    // Only the re-run Assign the ticket called /echo again.
    expect(fake.requestsTo("/echo").length).toBe(echoes + 1);

    const cancel = await cli("runs", "cancel", runId, "--json");
    expect(cancel.code).toBe(0);
    expect(json(cancel.stdout)).toEqual({ status: "succeeded", cancelledNodes: [] });
    const unknown = await cli("runs", "show", "no-such-run", "--json");
    expect(unknown.code).toBe(66);
    expect(json(unknown.stdout).error.code).toBe("not_found");
    expect((await cli("runs", "retry", "no-such-run")).code).toBe(66);
    expect((await cli("runs", "frobnicate")).code).toBe(64);
  }, 400_000);

  it("run waits on a gate and says how to decide it; approvals list and decide, one decision", async () => {
    const file = join(dir, "gated-shipment.json");
    const graph = gatedGraph(mode.fake().url);
    graph.nodes[1]!.approval!.approvers = mode.approvers;
    await writeFile(file, JSON.stringify(graph));
    const following = spawnCli(["run", file], mode.env());
    const hint = await following.waitFor(
      /Manager sign-off is waiting for approval: npm run switchyard -- approvals decide (\S+) --approve/,
    );
    const requestId = hint[1]!;

    const listed = await cli("approvals", "list", "--json");
    expect(listed.code).toBe(0);
    const pending = json(listed.stdout).approvals.find((a: Json) => a.id === requestId);
    expect(pending).toMatchObject({ status: "pending", message: "Ship it?", nodeId: "gate" });
    expect((await cli("approvals", "list")).stdout).toContain("gated-shipment: Ship it?");

    expect((await cli("approvals", "decide", requestId)).code).toBe(64);
    expect((await cli("approvals", "decide", requestId, "--approve", "--reject")).code).toBe(64);
    // The person who started the run may not approve it.
    const own = await cli("approvals", "decide", requestId, "--approve", "--json");
    expect(own.code).toBe(77);
    expect(json(own.stdout).error.code).toBe("forbidden");

    const decided = await cli(
      "approvals",
      "decide",
      requestId,
      ...mode.decide.args,
      "--comment",
      "checked",
      "--json",
    );
    expect(decided.stderr).toBe("");
    expect(decided.code).toBe(0);
    expect(json(decided.stdout)).toMatchObject({
      id: requestId,
      status: mode.decide.status,
      comment: "checked",
    });
    // Approved, the order ships; rejected, it is a decision, not a failure: both succeed.
    const ended = await following.done;
    expect(ended.code).toBe(0);

    const again = await cli("approvals", "decide", requestId, ...mode.decide.args);
    expect(again.code).toBe(75);
    expect((await cli("approvals", "decide", "no-such-request", "--reject")).code).toBe(66);
  }, 400_000);

  it("pushes a graph as versions (unchanged: none), lists and pulls it back as a file", async () => {
    const file = join(dir, "nightly-sync.json");
    const graph = gatedGraph(mode.fake().url);
    graph.nodes[1]!.approval!.approvers = mode.approvers;
    await writeFile(file, JSON.stringify(graph));
    const pushed = await cli("automations", "push", file, "--json");
    expect(pushed.code).toBe(0);
    const first = json(pushed.stdout);
    expect(first).toMatchObject({ name: "nightly-sync", number: 1, created: true, changed: true });

    const unchanged = await cli("automations", "push", file);
    expect(unchanged.code).toBe(0);
    expect(unchanged.stdout).toContain('Unchanged: version 1 of "nightly-sync"');
    expect(
      await mode.db().prisma.automationVersion.count({
        where: { automationId: first.automationId },
      }),
    ).toBe(1);

    graph.nodes[2]!.name = "Ship the order at once";
    await writeFile(file, JSON.stringify(graph));
    const second = json(
      (await cli("automations", "push", file, "--name", "nightly-sync", "--json")).stdout,
    );
    expect(second).toMatchObject({ automationId: first.automationId, number: 2, created: false });

    const list = await cli("automations", "list", "--json");
    expect(json(list.stdout).automations).toContainEqual(
      expect.objectContaining({ id: first.automationId, name: "nightly-sync", latestVersion: 2 }),
    );
    expect((await cli("automations", "list")).stdout).toMatch(/nightly-sync\s+\(version 2\)/);

    const out = join(dir, "pulled.json");
    const pulled = await cli("automations", "pull", first.automationId, "--out", out);
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toContain('Wrote version 2 of "nightly-sync"');
    expect(JSON.parse(await readFile(out, "utf8"))).toEqual(graph);
    // The pulled file is what validate and run read.
    expect((await cli("validate", out)).code).toBe(0);
    const toStdout = await cli("automations", "pull", "nightly-sync");
    expect(JSON.parse(toStdout.stdout)).toEqual(graph);
    expect((await cli("automations", "pull", "no-such-automation")).code).toBe(66);

    const bad = join(dir, "bad.json");
    await writeFile(
      bad,
      JSON.stringify({ nodes: [{ id: "t", type: "trigger" }], edges: [{ from: "t", to: "x" }] }),
    );
    expect((await cli("automations", "push", bad)).code).toBe(65);
    expect((await cli("automations", "frobnicate")).code).toBe(64);

    // A run that does not wait: the run document as it stands, exit 4.
    const started = await cli("run", out, "--name", "nightly-sync", "--no-wait", "--json");
    expect(started.code).toBe(4);
    expect(json(started.stdout)).toMatchObject({
      status: "running",
      automationId: first.automationId,
    });
    expect(started.stderr).toMatch(/Run \S+ started \(automation version 2/);
  }, 400_000);
}
