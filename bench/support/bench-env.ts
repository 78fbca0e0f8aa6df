import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createPrismaClient, type PrismaClient } from "../../prisma/client";
import { ensureDatabase, makeTempDataDir, startEmbeddedPostgres } from "../../prisma/embedded";
import { migrateDatabase } from "../../prisma/migrate";
import { ensureLocalOwner } from "../../worker/automations/ensure-local-owner";
import { saveAutomationVersion } from "../../worker/automations/save-version";
import type { Graph } from "../../worker/engine/types";
import { startRun } from "../../worker/runs/start-run";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** A throwaway embedded Postgres with the schema, so every benchmark starts clean. */
export async function benchDatabase() {
  const server = await startEmbeddedPostgres({
    dataDir: await makeTempDataDir("switchyard-bench-"),
    persistent: false,
  });
  const url = await ensureDatabase(server.url, "bench");
  await migrateDatabase(url);
  const prisma = createPrismaClient(url);
  return {
    url,
    prisma,
    async stop() {
      await prisma.$disconnect();
      await server.stop();
    },
  };
}

export interface WorkerProcess {
  pid: number;
  /** Resident set size in MB, read from /proc. */
  rssMb(): number;
  stop(): Promise<void>;
}

/** A real worker process (`worker/main.ts`), as in production. */
export async function spawnWorker(
  url: string,
  env: Record<string, string> = {},
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "worker/main.ts"], {
    cwd: repoRoot,
    env: {
      ...process.env,
      SWITCHYARD_ALLOW_PRIVATE_NETWORK: "true",
      SWITCHYARD_POLL_INTERVAL_MS: "200",
      ...env,
      DATABASE_URL: url,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (/worker \S+ started/.test(output)) {
        clearInterval(check);
        resolve();
      }
      if (child.exitCode !== null) {
        clearInterval(check);
        reject(new Error(`worker exited:\n${output}`));
      }
    }, 50);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    pid: child.pid!,
    rssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return kb / 1024;
    },
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Saves the graph as an automation version and starts one run. */
export async function startGraph(
  prisma: PrismaClient,
  graph: Graph,
  name: string,
  payload: unknown = {},
) {
  const owner = await ensureLocalOwner(prisma);
  const saved = await saveAutomationVersion(prisma, {
    workspaceId: owner.workspaceId,
    ownerId: owner.userId,
    automationName: name,
    graph,
  });
  const { runId } = await startRun(prisma, {
    versionId: saved.versionId,
    ownerId: owner.userId,
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
    await new Promise((r) => setTimeout(r, 50));
  }
  return prisma.run.findMany({ where: { id: { in: runIds } }, include: { attempts: true } });
}
