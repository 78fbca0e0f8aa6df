import { resolveDatabaseUrl } from "../prisma/database-url";
import { migrateDatabase } from "../prisma/migrate";

/**
 * Finds the database (DATABASE_URL, or the embedded Postgres under .data/)
 * and brings its schema up to date: ours, then graphile-worker's. Idempotent
 * and safe when several processes start at once (advisory lock).
 */
export async function prepareDatabase(
  options: { log?: (line: string) => void } = {},
): Promise<{ url: string; stop(): Promise<void> }> {
  const db = await resolveDatabaseUrl({ log: options.log });
  try {
    await migrateDatabase(db.url);
  } catch (err) {
    await db.stop();
    throw err;
  }
  return db;
}
