// The shared-server side of the embedded Postgres (prisma/embedded.ts): the
// "presence" protocol that lets the last process using a persistent server stop
// it, and the startup lock that serialises start and stop on a data directory.
import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { HOST, isPidAlive } from "./embedded-process";

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

export interface Started {
  handle: EmbeddedPostgresHandle;
  /** Shut the server down for good. */
  shutdown(): Promise<void>;
  /** Forget the server: leave it running for others after this process exits. */
  detach(): void;
}

/** Wraps a persistent server's stop() in the presence protocol (see prisma/embedded.ts). */
export async function shareable(
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

export async function acquireStartupLock(dataDir: string): Promise<() => Promise<void>> {
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
