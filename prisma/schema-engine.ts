// Prisma's schema engine as WebAssembly (@prisma/schema-engine-wasm), driven
// through a `pg` driver adapter: it computes migration SQL offline, where the
// native engine `prisma migrate` needs cannot be downloaded.
//
// INTERNAL, UNDOCUMENTED API. The package is pinned to SCHEMA_ENGINE_WASM_VERSION
// (check package.json pins the exact same version); these modules
// (prisma/schema-engine*.ts) are the only place that touches it, and
// test/integration/schema-drift.test.ts fails when a version bump breaks it.
// Dev tooling only (devDependencies): the app's runtime path
// (`npm run db:migrate`, prisma/migrate.ts) never loads it.
//
// Split up as: prisma/schema-engine-wasm.ts (loading the wasm module, the
// version pin, withSchemaEngine), prisma/schema-engine-adapter.ts (the pg
// driver adapter) and this module (diffs and migrations; the public API).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type * as Engine from "@prisma/schema-engine-wasm";
import pg from "pg";
import { ensureDatabase } from "./embedded";
import { applyMigrations, DEFAULT_MIGRATIONS_DIR, readMigrations } from "./migrate";
import { withSchemaEngine } from "./schema-engine-wasm";

export {
  loadSchemaEngineWasm,
  SCHEMA_ENGINE_WASM_VERSION,
  schemaEngineVersion,
  withSchemaEngine,
} from "./schema-engine-wasm";

const prismaDir = path.dirname(fileURLToPath(import.meta.url));
export const SCHEMA_PATH = path.join(prismaDir, "schema.prisma");

export type SchemaSource =
  /** No tables at all. */
  | { empty: true }
  /** A Prisma schema: its text, or `true` for prisma/schema.prisma. */
  | { datamodel: string | true }
  /** The schema of a live database. */
  | { databaseUrl: string }
  /**
   * The schema the migrations of a directory produce (`true`: prisma/migrations):
   * applied with our own applier (prisma/migrate.ts) to a scratch database
   * created, then dropped, on the `serverUrl` server.
   */
  | { migrationsDir: string | true };

export interface DiffOptions {
  from: SchemaSource;
  to: SchemaSource;
  /**
   * A Postgres server (admin URL) the engine connects to, and where scratch
   * databases are created. Default: the `databaseUrl` source, if any.
   */
  serverUrl?: string;
}

const NO_FILTERS: Engine.SchemaFilter = { externalTables: [], externalEnums: [] };
const DATASOURCE_ONLY = 'datasource db {\n  provider = "postgresql"\n}\n';

async function readSchema(source: { datamodel: string | true }): Promise<string> {
  return source.datamodel === true ? readFile(SCHEMA_PATH, "utf8") : source.datamodel;
}

/**
 * The SQL script that turns schema `from` into schema `to` (what
 * `prisma migrate diff --script` prints); "" when there is no difference.
 */
export async function diffSql({ from, to, serverUrl }: DiffOptions): Promise<string> {
  const databaseUrls = [from, to].flatMap((source) =>
    "databaseUrl" in source ? [source.databaseUrl] : [],
  );
  const server = serverUrl ?? databaseUrls[0];
  if (!server) throw new Error("diffSql: a serverUrl is needed (the engine always connects).");

  // A migrations directory becomes a scratch database first.
  if ("migrationsDir" in from) {
    return withMigrationsApplied(server, from.migrationsDir, (databaseUrl) =>
      diffSql({ from: { databaseUrl }, to, serverUrl: server }),
    );
  }
  if ("migrationsDir" in to) {
    return withMigrationsApplied(server, to.migrationsDir, (databaseUrl) =>
      diffSql({ from, to: { databaseUrl }, serverUrl: server }),
    );
  }
  if (databaseUrls.length === 2 && databaseUrls[0] !== databaseUrls[1]) {
    throw new Error("diffSql: comparing two different databases is not supported.");
  }

  const datamodelSource = [from, to].find((source) => "datamodel" in source) as
    { datamodel: string | true } | undefined;
  const datamodel = datamodelSource ? await readSchema(datamodelSource) : undefined;
  const databaseUrl = databaseUrls[0] ?? server;

  return withSchemaEngine({ databaseUrl, datamodel }, async (engine) => {
    const target = async (source: SchemaSource): Promise<Engine.DiffTarget> => {
      if ("empty" in source) return { tag: "empty" };
      if ("datamodel" in source) {
        return {
          tag: "schemaDatamodel",
          files: [{ path: "schema.prisma", content: await readSchema(source) }],
        };
      }
      if ("databaseUrl" in source) {
        // "schemaDatasource": the database the engine's adapter is connected to.
        return {
          tag: "schemaDatasource",
          files: [{ path: "schema.prisma", content: datamodel ?? DATASOURCE_ONLY }],
          configDir: prismaDir,
        };
      }
      throw new Error("diffSql: unexpected schema source");
    };
    const result = await engine.diff({
      from: await target(from),
      to: await target(to),
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    });
    // With exitCode: true, 0 = no difference, 2 = a non-empty script.
    return result.exitCode === 0 ? "" : (result.stdout ?? "");
  });
}

let scratchCounter = 0;

/**
 * Creates a scratch database on `serverUrl`, applies `migrationsDir` to it
 * (`true`: prisma/migrations), runs fn with its URL, then drops it.
 */
export async function withMigrationsApplied<T>(
  serverUrl: string,
  migrationsDir: string | true,
  fn: (databaseUrl: string) => Promise<T>,
): Promise<T> {
  const name = `scratch_migrations_${process.pid}_${Date.now()}_${scratchCounter++}`;
  const databaseUrl = await ensureDatabase(serverUrl, name);
  try {
    await applyMigrations(databaseUrl, {
      migrationsDir: migrationsDir === true ? DEFAULT_MIGRATIONS_DIR : migrationsDir,
    });
    return await fn(databaseUrl);
  } finally {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
}

/** A migrations directory in the shape the engine takes (what the Prisma CLI passes it). */
export async function migrationList(
  migrationsDir: string = DEFAULT_MIGRATIONS_DIR,
): Promise<Engine.MigrationList> {
  const migrations = await readMigrations(migrationsDir);
  const lockfile = path.join(migrationsDir, "migration_lock.toml");
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: "migration_lock.toml",
      content: await readFile(lockfile, "utf8").catch(() => null),
    },
    shadowDbInitScript: "",
    migrationDirectories: migrations.map((migration) => ({
      path: migration.name,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: migration.sql } },
    })),
  };
}

/**
 * Applies a migrations directory with Prisma's own engine — what
 * `prisma migrate deploy` does. Not used to migrate (prisma/migrate.ts does
 * that); tests use it to check that the two agree on `_prisma_migrations`.
 * Note: the pg adapter splits scripts on every `;`, so this only suits
 * migrations without semicolons inside strings or function bodies.
 */
export async function applyMigrationsWithEngine(
  databaseUrl: string,
  migrationsDir: string = DEFAULT_MIGRATIONS_DIR,
): Promise<string[]> {
  const migrationsList = await migrationList(migrationsDir);
  return withSchemaEngine({ databaseUrl }, async (engine) => {
    const result = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return result.appliedMigrationNames;
  });
}
