import { rm } from "node:fs/promises";
import path from "node:path";
import {
  ensureDatabase,
  makeTempDataDir,
  startEmbeddedPostgres,
  type EmbeddedPostgresHandle,
} from "../../prisma/embedded";
import { migrateDatabase } from "../../prisma/migrate";
import { freePort } from "./web-app";

export interface RestartablePostgres {
  /** A migrated database on this server. */
  url: string;
  /** Stops Postgres, waits `downMs`, starts it again on the same port and data. */
  restart(downMs: number): Promise<void>;
  /** Stops it for good and deletes its data. */
  destroy(): Promise<void>;
}

/**
 * A Postgres of the test's own (persistent data in a temp dir), so stopping and
 * restarting it disturbs no other test; one database in it, migrated.
 */
export async function startRestartablePostgres(name: string): Promise<RestartablePostgres> {
  const dataDir = await makeTempDataDir(`switchyard-${name}-`);
  const start = (port: number) =>
    startEmbeddedPostgres({ dataDir, persistent: true, port, log: () => {} });
  let server: EmbeddedPostgresHandle = await start(await freePort());
  const url = await ensureDatabase(server.url, name.replaceAll("-", "_"));
  await migrateDatabase(url);
  return {
    url,
    async restart(downMs) {
      const port = server.port;
      await server.stop();
      await new Promise((r) => setTimeout(r, downMs));
      server = await start(port);
    },
    async destroy() {
      await server.stop();
      await rm(path.dirname(dataDir), { recursive: true, force: true });
    },
  };
}
