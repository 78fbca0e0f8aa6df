import { readFileSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { createPrismaClient, type Prisma, type PrismaClient } from "../../prisma/client";
import { ensureDatabase, makeTempDataDir, startEmbeddedPostgres } from "../../prisma/embedded";
import { migrateDatabase } from "../../prisma/migrate";
import { ensureLocalOwner } from "../../worker/automations/ensure-local-owner";
import { saveAutomationVersion } from "../../worker/automations/save-version";
import { GRAPH_LIMITS } from "../../worker/engine/graph-limits";
import type { Graph } from "../../worker/engine/types";
import { startRun } from "../../worker/runs/start-run";
import { onCleanup, sleep } from "./cleanup";
import { spawnProcess, type ChildProcessHandle } from "./processes";
import { progress } from "./report";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Fixed secrets for every process a benchmark starts (worker, web app), so none of them
 * generates development secrets into the checkout's .data/. Not secret: loopback only.
 */
export const BENCH_SECRETS_ENV = {
  SWITCHYARD_ENCRYPTION_KEYS: "bench:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
  BETTER_AUTH_SECRET: "bench-better-auth-secret-0123456789abcdef",
  SWITCHYARD_LINK_SECRET: "bench-link-secret-0123456789abcdef",
};

export interface BenchDatabase {
  url: string;
  prisma: PrismaClient;
  /** A pg pool on the bench database, with error handlers; ended by stop() at the latest. */
  pgPool(max?: number): pg.Pool;
  /** Ends every pool and client, then stops Postgres and deletes its data. */
  stop(): Promise<void>;
}

/** A throwaway embedded Postgres (127.0.0.1) with the schema, so every benchmark starts clean. */
export async function benchDatabase(): Promise<BenchDatabase> {
  const dataDir = await makeTempDataDir("switchyard-bench-");
  const server = await startEmbeddedPostgres({
    dataDir,
    persistent: false,
    log: (line) => progress(line.replace(/^\[postgres\] /, "")),
  });
  const pools = new Set<pg.Pool>();
  let url: string;
  try {
    url = await ensureDatabase(server.url, "bench");
    await migrateDatabase(url);
  } catch (err) {
    await server.stop();
    await fs.rm(path.dirname(dataDir), { recursive: true, force: true });
    throw err;
  }
  const prisma = createPrismaClient(url);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // Clients first: Postgres terminating a connection that still has a pool behind it
      // is an error event on that pool ("terminating connection due to administrator command").
      await prisma.$disconnect().catch(() => {});
      await Promise.all([...pools].map((p) => p.end().catch(() => {})));
      // pg ends a pool before its backends have gone; let them go before the server does.
      await waitForNoClients(server.url, 5_000).catch(() => {});
      await server.stop();
      await fs.rm(path.dirname(dataDir), { recursive: true, force: true });
      unregister();
    })());
  const unregister = onCleanup(`embedded Postgres on port ${server.port}`, stop);
  return {
    url,
    prisma,
    pgPool(max = 10) {
      const pool = new pg.Pool({ connectionString: url, max });
      // Idle clients report a lost connection here instead of crashing the process.
      pool.on("error", (err) => progress(`pg pool: ${err.message}`));
      pool.on("connect", (client) => client.on("error", () => {}));
      const end = pool.end.bind(pool);
      pool.end = (async () => {
        pools.delete(pool);
        if (!pool.ended) await end();
      }) as typeof pool.end;
      pools.add(pool);
      return pool;
    },
    stop,
  };
}

/** Waits until no other client is connected to the server (or the time is up). */
async function waitForNoClients(adminUrl: string, timeoutMs: number): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on("error", () => {});
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()`,
      );
      if (rows[0]!.n === 0) return;
      await sleep(50);
    }
  } finally {
    await client.end();
  }
}

export interface WorkerProcess {
  pid: number;
  /** Resident set size in MB, read from /proc/<pid>/status (0 once it has exited). */
  rssMb(): number;
  output(): string;
  /** Warning and error lines the worker logged so far. */
  problems(): { count: number; examples: string[] };
  stop(): Promise<void>;
}

/** A real worker process (`worker/main.ts`), as in production. */
export async function spawnWorker(
  url: string,
  env: Record<string, string> = {},
): Promise<WorkerProcess> {
  const child: ChildProcessHandle = spawnProcess({
    name: "worker",
    command: process.execPath,
    args: ["scripts/worker.ts"],
    cwd: repoRoot,
    env: {
      ...process.env,
      ...BENCH_SECRETS_ENV,
      SWITCHYARD_ALLOW_PRIVATE_NETWORK: "true",
      SWITCHYARD_POLL_INTERVAL_MS: "200",
      ...env,
      DATABASE_URL: url,
    },
    // SIGTERM lets running steps finish; none should be running when a benchmark stops it.
    graceMs: 20_000,
    countLines: /"level":"(warn|error|fatal)"/,
  });
  try {
    await child.waitForOutput(/worker \S+ started/, 120_000);
  } catch (err) {
    await child.stop();
    throw err;
  }
  return {
    pid: child.pid,
    rssMb() {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
        return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
      } catch {
        return 0;
      }
    },
    output: child.output,
    problems: child.matchedLines,
    stop: () => child.stop(),
  };
}

/** Saves the graph as an automation version (the local owner's); returns its ids. */
export async function saveGraph(prisma: PrismaClient, graph: Graph, name: string) {
  const owner = await ensureLocalOwner(prisma);
  const saved = await saveAutomationVersion(prisma, {
    workspaceId: owner.workspaceId,
    ownerId: owner.userId,
    automationName: name,
    graph,
  });
  return { ...saved, owner };
}

/**
 * A graph over the save limits (docs/limits.md: 500 nodes), as a version saved before the
 * limits existed: the automation is saved with the graph's first nodes, then the whole
 * graph is written as its next version. The run path has no such limit; the scale
 * benchmark measures it beyond.
 */
async function saveOversizedGraph(prisma: PrismaClient, graph: Graph, name: string) {
  const nodes = graph.nodes.slice(0, GRAPH_LIMITS.nodes);
  const kept = new Set(nodes.map((node) => node.id));
  const edges = graph.edges.filter((edge) => kept.has(edge.from) && kept.has(edge.to));
  const saved = await saveGraph(prisma, { ...graph, nodes, edges }, name);
  const version = await prisma.automationVersion.create({
    data: {
      workspaceId: saved.owner.workspaceId,
      automationId: saved.automationId,
      number: saved.number + 1,
      graph: graph as unknown as Prisma.InputJsonValue,
    },
  });
  return { ...saved, versionId: version.id, number: version.number };
}

/** Saves the graph as an automation version (beyond the save limits too) and starts one run. */
export async function startGraph(
  prisma: PrismaClient,
  graph: Graph,
  name: string,
  payload: unknown = {},
) {
  const saved =
    graph.nodes.length > GRAPH_LIMITS.nodes
      ? await saveOversizedGraph(prisma, graph, name)
      : await saveGraph(prisma, graph, name);
  const { runId } = await startRun(prisma, {
    versionId: saved.versionId,
    ownerId: saved.owner.userId,
    triggerPayload: payload,
  });
  return runId;
}

/** Waits until every given run has ended; returns them with their attempts. */
export async function waitForRuns(prisma: PrismaClient, runIds: string[], timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await prisma.run.count({ where: { id: { in: runIds }, status: "running" } });
    if (open === 0) break;
    if (Date.now() > deadline)
      throw new Error(`${open} run(s) still running after ${timeoutMs} ms`);
    await sleep(50);
  }
  return prisma.run.findMany({ where: { id: { in: runIds } }, include: { attempts: true } });
}
