// `npm run db:migrate`: brings the database up to date — our Prisma-layout
// migrations (prisma/migrations, applied by prisma/migrate.ts, no schema
// engine needed) and graphile-worker's schema.
//
// Database: DATABASE_URL when set, else the embedded dev Postgres in .data/postgres.
import { resolveDatabaseUrl } from "../prisma/database-url";
import { describeDatabaseError, redactUrl } from "../prisma/errors";
import { migrateDatabase } from "../prisma/migrate";

async function main(): Promise<number> {
  const started = performance.now();
  let database: Awaited<ReturnType<typeof resolveDatabaseUrl>> | undefined;
  try {
    database = await resolveDatabaseUrl();
    console.log(`db:migrate: ${redactUrl(database.url)}`);
    const result = await migrateDatabase(database.url, {
      onApply: (name) => console.log(`  applying ${name}`),
    });
    for (const name of result.unknown) {
      console.warn(
        `  warning: ${name} is applied in the database but not in prisma/migrations ` +
          `(another branch?)`,
      );
    }
    const ours = result.applied.length
      ? `applied ${result.applied.length} migration${result.applied.length > 1 ? "s" : ""}`
      : "no pending migrations";
    const { before, after } = result.worker;
    const worker =
      before === after
        ? `graphile-worker schema at revision ${after}`
        : `graphile-worker schema ${before ?? "(none)"} -> ${after}`;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`db:migrate: ${ours}; ${worker} (${seconds}s)`);
    return 0;
  } catch (error) {
    console.error(`db:migrate: FAILED: ${describeDatabaseError(error)}`);
    return 1;
  } finally {
    await database?.stop();
  }
}

process.exitCode = await main();
