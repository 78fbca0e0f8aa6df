// Which database the app, the worker and the scripts talk to:
// - DATABASE_URL when it is set (CI, production, your own server);
// - otherwise the embedded, persistent development Postgres in
//   <repo>/.data/postgres, database `switchyard` (created on first use).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDatabase, startEmbeddedPostgres } from "./embedded";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_DATA_DIR = path.join(REPO_ROOT, ".data", "postgres");
export const DEFAULT_DATABASE_NAME = "switchyard";

export interface ResolvedDatabase {
  url: string;
  /** true when this call started (or attached to) the embedded Postgres. */
  embedded: boolean;
  /** Stops the embedded Postgres this call started; a no-op otherwise. */
  stop(): Promise<void>;
}

export async function resolveDatabaseUrl(
  options: { dataDir?: string; databaseName?: string; log?: (line: string) => void } = {},
): Promise<ResolvedDatabase> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) return { url: fromEnv, embedded: false, stop: async () => {} };

  const server = await startEmbeddedPostgres({
    dataDir: options.dataDir ?? DEFAULT_DATA_DIR,
    persistent: true,
    log: options.log,
  });
  try {
    const url = await ensureDatabase(server.url, options.databaseName ?? DEFAULT_DATABASE_NAME);
    return { url, embedded: true, stop: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
