// Our own migration applier: applies prisma/migrations/*/migration.sql without
// Prisma's schema engine (which cannot be downloaded offline), and records them
// in `_prisma_migrations` exactly as `prisma migrate deploy` does — same table,
// same columns, checksum = sha256 hex of migration.sql — so the two can be used
// on the same database interchangeably.
//
// Differences from `prisma migrate deploy`, on purpose:
// - each migration runs in one transaction together with its bookkeeping row,
//   so a failing migration leaves nothing behind and is simply retried on the
//   next run (no "failed migration" row to resolve). Migrations must therefore
//   not contain transaction control (BEGIN/COMMIT) or statements Postgres
//   refuses inside a transaction (CREATE INDEX CONCURRENTLY, ...).
// - an applied migration whose migration.sql changed is refused (deploy only
//   warns).
import { createHash, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runMigrations } from "graphile-worker";
import pg from "pg";

export const DEFAULT_MIGRATIONS_DIR = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "migrations",
);

/** The advisory lock key `prisma migrate` takes too, so the two never interleave. */
export const MIGRATION_ADVISORY_LOCK = 72707369;

/** `_prisma_migrations` as Prisma's schema engine creates it on Postgres. */
export const PRISMA_MIGRATIONS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface Migration {
  /** The folder name, e.g. 20250101120000_init. */
  name: string;
  sql: string;
  /** sha256 hex of migration.sql's bytes (what Prisma stores). */
  checksum: string;
}

export interface ApplyMigrationsOptions {
  migrationsDir?: string;
  /** Called before each migration is applied. */
  onApply?: (name: string) => void;
}

export interface ApplyMigrationsResult {
  /** Migrations applied by this call, in order. */
  applied: string[];
  /** Recorded as applied in the database but absent from the directory (e.g. another branch). */
  unknown: string[];
}

/** A refusal: the database and the migrations directory disagree. */
export class MigrationError extends Error {
  override name = "MigrationError";
}

export function checksumOf(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

/**
 * Whether `checksum` matches `sql`, tolerating CRLF/LF conversion by git
 * (Prisma's engine accepts these too).
 */
export function checksumMatches(sql: string, checksum: string): boolean {
  return (
    checksumOf(sql) === checksum ||
    checksumOf(sql.replace(/\r\n/g, "\n")) === checksum ||
    checksumOf(sql.replace(/\r?\n/g, "\r\n")) === checksum
  );
}

/** The migration folders of `dir`, in name order (Prisma's order). */
export async function readMigrations(dir = DEFAULT_MIGRATIONS_DIR): Promise<Migration[]> {
  if (!existsSync(dir)) return [];
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .map((entry) => entry.name)
    .sort();
  const migrations: Migration[] = [];
  for (const name of names) {
    const file = path.join(dir, name, "migration.sql");
    if (!existsSync(file)) {
      throw new MigrationError(`Migration folder ${name} has no migration.sql (${file}).`);
    }
    const sql = await fs.readFile(file, "utf8");
    migrations.push({ name, sql, checksum: checksumOf(sql) });
  }
  return migrations;
}

const TRANSACTION_CONTROL = /^\s*(BEGIN|START\s+TRANSACTION|COMMIT)\s*;/im;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  started_at: Date;
  logs: string | null;
}

/**
 * Applies the not-yet-applied migrations of `migrationsDir` (default
 * prisma/migrations) to the database at `connectionString`, each in its own
 * transaction, under a Postgres advisory lock (concurrent callers wait, then
 * find nothing left to do).
 *
 * Refuses (MigrationError, nothing applied) when an applied migration's
 * migration.sql changed, or a migration is recorded as failed by
 * `prisma migrate deploy` and not resolved.
 */
export async function applyMigrations(
  connectionString: string,
  options: ApplyMigrationsOptions = {},
): Promise<ApplyMigrationsResult> {
  const migrations = await readMigrations(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  return withMigrationLock(connectionString, (client) => applyLocked(client, migrations, options));
}

export interface MigrateDatabaseResult extends ApplyMigrationsResult {
  /** graphile-worker's schema revision (graphile_worker.migrations) before and after. */
  worker: { before: number | null; after: number | null };
}

/**
 * Everything a Switchyard database needs: our migrations, then
 * graphile-worker's own schema (`graphile_worker`, installed and upgraded by
 * its runMigrations), both under the same advisory lock.
 */
export async function migrateDatabase(
  connectionString: string,
  options: ApplyMigrationsOptions = {},
): Promise<MigrateDatabaseResult> {
  const migrations = await readMigrations(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  return withMigrationLock(connectionString, async (client) => {
    const result = await applyLocked(client, migrations, options);
    const before = await workerRevision(client);
    await runMigrations({ connectionString });
    await planAddJobsPerCall(client);
    return { ...result, worker: { before, after: await workerRevision(client) } };
  });
}

/**
 * graphile_worker.add_jobs (behind every add_job) first clears the keys of locked jobs
 * with the same job key: an UPDATE joining the job table to its argument. PL/pgSQL keeps
 * the generic plan it made when the queue was small, a sequential scan of the job table,
 * so while jobs pile up (a webhook burst, a large fan-out) every enqueue reads the whole
 * queue: 0.9 ms with an empty queue, 3.7–4.4 ms with 20,000 waiting, until an autovacuum
 * analyze happens to replan it. Planned per call, the UPDATE finds no key to clear
 * without touching the table, and an enqueue costs the same at any queue length.
 * Set again after every graphile-worker migration, which may replace the function.
 */
async function planAddJobsPerCall(client: pg.Client): Promise<void> {
  await client.query(`
    DO $$ BEGIN
      IF NOT EXISTS (
        SELECT 1 FROM pg_proc
         WHERE oid = 'graphile_worker.add_jobs(graphile_worker.job_spec[], boolean)'::regprocedure
           AND 'plan_cache_mode=force_custom_plan' = ANY (proconfig)
      ) THEN
        ALTER FUNCTION graphile_worker.add_jobs(graphile_worker.job_spec[], boolean)
          SET plan_cache_mode = force_custom_plan;
      END IF;
    END $$`);
}

async function workerRevision(client: pg.Client): Promise<number | null> {
  const exists = await client.query<{ table: string | null }>(
    "SELECT to_regclass('graphile_worker.migrations')::text AS table",
  );
  if (!exists.rows[0]?.table) return null;
  const { rows } = await client.query<{ id: number | null }>(
    "SELECT max(id) AS id FROM graphile_worker.migrations",
  );
  return rows[0]?.id ?? null;
}

/** Runs fn on a connection holding the migration advisory lock. */
async function withMigrationLock<T>(
  connectionString: string,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString });
  // A connection dropped mid-run surfaces through the failing query instead.
  client.on("error", () => {});
  await client.connect();
  try {
    // lock_timeout also bounds the wait for the advisory lock.
    await client.query("SET lock_timeout = '120s'");
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_ADVISORY_LOCK]);
    await client.query("RESET lock_timeout");
    try {
      return await fn(client);
    } finally {
      // (Closing the connection releases it anyway.)
      await client
        .query("SELECT pg_advisory_unlock($1)", [MIGRATION_ADVISORY_LOCK])
        .catch(() => {});
    }
  } finally {
    await client.end();
  }
}

async function applyLocked(
  client: pg.Client,
  migrations: Migration[],
  options: ApplyMigrationsOptions,
): Promise<ApplyMigrationsResult> {
  await client.query(PRISMA_MIGRATIONS_TABLE_SQL);
  const { rows } = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at, started_at, logs
       FROM "_prisma_migrations" ORDER BY started_at`,
  );

  const failed = rows.filter((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed.length > 0) {
    const row = failed[0]!;
    throw new MigrationError(
      `Migration ${row.migration_name} failed in an earlier run (started ${row.started_at.toISOString()}) ` +
        `and was never resolved${row.logs ? `:\n${row.logs.trim()}\n` : ". "}` +
        `Repair the database by hand, then mark it: ` +
        `\`npx prisma migrate resolve --rolled-back ${row.migration_name}\` (or --applied), or ` +
        `UPDATE "_prisma_migrations" SET rolled_back_at = now() ` +
        `WHERE migration_name = '${row.migration_name}' AND finished_at IS NULL;`,
    );
  }

  const applied = new Map<string, AppliedRow>();
  for (const row of rows) {
    if (row.finished_at !== null && row.rolled_back_at === null) {
      applied.set(row.migration_name, row);
    }
  }

  const byName = new Map(migrations.map((migration) => [migration.name, migration]));
  const edited = migrations.filter((migration) => {
    const row = applied.get(migration.name);
    return row !== undefined && !checksumMatches(migration.sql, row.checksum);
  });
  if (edited.length > 0) {
    throw new MigrationError(
      `Applied migration${edited.length > 1 ? "s" : ""} changed since being applied: ` +
        `${edited.map((migration) => migration.name).join(", ")}. ` +
        `Never edit an applied migration: restore its migration.sql (git checkout) and put the ` +
        `change in a new migration (npm run db:new-migration -- <name>). For a throwaway dev ` +
        `database, delete .data/postgres instead.`,
    );
  }

  const result: ApplyMigrationsResult = {
    applied: [],
    unknown: [...applied.keys()].filter((name) => !byName.has(name)),
  };

  const pending = migrations.filter((migration) => !applied.has(migration.name));
  const withTransactionControl = pending.find((migration) =>
    TRANSACTION_CONTROL.test(migration.sql),
  );
  if (withTransactionControl) {
    throw new MigrationError(
      `Migration ${withTransactionControl.name} contains BEGIN/COMMIT: remove them, each ` +
        `migration already runs in its own transaction.`,
    );
  }

  for (const migration of pending) {
    options.onApply?.(migration.name);
    await client.query("BEGIN");
    try {
      const started = await client.query<{ now: Date }>("SELECT clock_timestamp() AS now");
      await client.query(migration.sql);
      await client.query(
        `INSERT INTO "_prisma_migrations"
           (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, $4, clock_timestamp(), 1)`,
        [randomUUID(), migration.checksum, migration.name, started.rows[0]!.now],
      );
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      const message = error instanceof Error ? error.message : String(error);
      const before = result.applied.length
        ? ` (applied before it in this run: ${result.applied.join(", ")})`
        : "";
      throw new MigrationError(
        `Migration ${migration.name} failed and was rolled back, nothing of it was applied` +
          `${before}: ${message}`,
        { cause: error },
      );
    }
    result.applied.push(migration.name);
  }
  return result;
}

/**
 * The migrations of `migrationsDir` the database has not applied, read without changing
 * anything (a worker of a named group may not migrate: docs/deploy.md, "Worker groups").
 */
export async function pendingMigrations(
  connectionString: string,
  migrationsDir = DEFAULT_MIGRATIONS_DIR,
): Promise<string[]> {
  const migrations = await readMigrations(migrationsDir);
  const client = new pg.Client({ connectionString });
  client.on("error", () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations"
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Set(rows.map((row) => row.migration_name));
    return migrations.map((m) => m.name).filter((name) => !applied.has(name));
  } finally {
    await client.end();
  }
}
