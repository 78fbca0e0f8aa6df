import { resolveDatabaseUrl } from "../prisma/database-url";
import { MigrationError, migrateDatabase, pendingMigrations } from "../prisma/migrate";

/**
 * Finds the database (DATABASE_URL, or the embedded Postgres under .data/)
 * and brings its schema up to date: ours, then graphile-worker's. Idempotent
 * and safe when several processes start at once (advisory lock). With `migrate: false`
 * (a worker of named groups, whose role may not change the schema) it only checks that
 * the schema is current.
 */
export async function prepareDatabase(
  options: { log?: (line: string) => void; migrate?: boolean } = {},
): Promise<{ url: string; stop(): Promise<void> }> {
  const db = await resolveDatabaseUrl({ log: options.log });
  try {
    if (options.migrate === false) {
      const pending = await pendingMigrations(db.url);
      if (pending.length > 0) {
        throw new MigrationError(
          `The database is behind this worker (${pending.length} migration(s) not applied, e.g. ${pending[0]}): start the central deployment (or run npm run db:migrate) first.`,
        );
      }
    } else await migrateDatabase(db.url);
  } catch (err) {
    await db.stop();
    throw err;
  }
  return db;
}
