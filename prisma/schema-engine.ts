// Prisma's schema engine as WebAssembly (@prisma/schema-engine-wasm), driven
// through a `pg` driver adapter: it computes migration SQL offline, where the
// native engine `prisma migrate` needs cannot be downloaded.
//
// INTERNAL, UNDOCUMENTED API. The package is pinned to SCHEMA_ENGINE_WASM_VERSION
// (check package.json pins the exact same version); this module is the only
// place that touches it, and test/integration/schema-drift.test.ts fails when
// a version bump breaks it. Dev tooling only (devDependencies): the app's
// runtime path (`npm run db:migrate`, prisma/migrate.ts) never loads it.
//
// How it is loaded: the package's entry (`schema_engine.js`) does
// `import * as wasm from "./schema_engine_bg.wasm"`, which Node cannot import.
// So we import its wasm-bindgen glue (`schema_engine_bg.js`), instantiate the
// .wasm ourselves with the glue as its import object, hand the instance back
// to the glue (__wbg_set_wasm) and run its start function — what the entry
// module would have done.
//
// Two adapter-pg gaps are bridged here:
// - adapter-pg 7 has no mapping for Postgres' internal `"char"` type (OID 18),
//   which the engine's schema describer reads from pg_constraint/pg_class and
//   wants as ColumnType Character: the pg client used below reports those
//   columns as text (so adapter-pg accepts them) and we restore Character.
// - PrismaPg's connectToShadowDb() spreads its config and overrides
//   `database`, which a `connectionString` would win over: it gets discrete
//   connection fields instead.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQueryable,
} from "@prisma/driver-adapter-utils";
import type * as Engine from "@prisma/schema-engine-wasm";
import pg from "pg";
import { ensureDatabase } from "./embedded";
import { applyMigrations, DEFAULT_MIGRATIONS_DIR, readMigrations } from "./migrate";

/** The @prisma/schema-engine-wasm version this wrapper was written against. */
export const SCHEMA_ENGINE_WASM_VERSION = "8.1.0-2.59be4fda12412a79eeb9c2ae727b6aa723593323";

const prismaDir = path.dirname(fileURLToPath(import.meta.url));
export const SCHEMA_PATH = path.join(prismaDir, "schema.prisma");

const require = createRequire(import.meta.url);

type GlueModule = typeof Engine & {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
};

let loading: Promise<GlueModule> | undefined;
let lastPanic: string | undefined;

/**
 * Loads and starts the wasm module once per process; returns the glue module
 * (SchemaEngine class, version()). Throws when the installed package is not
 * the pinned version.
 */
export function loadSchemaEngineWasm(): Promise<GlueModule> {
  loading ??= (async () => {
    // (package.json is not in the package's "exports": go through the glue's path.)
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const packageDir = path.dirname(gluePath);
    const { version } = JSON.parse(
      await readFile(path.join(packageDir, "package.json"), "utf8"),
    ) as { version: string };
    if (version !== SCHEMA_ENGINE_WASM_VERSION) {
      throw new Error(
        `@prisma/schema-engine-wasm ${version} is installed, but prisma/schema-engine.ts is ` +
          `written for ${SCHEMA_ENGINE_WASM_VERSION} (an internal API). Install that exact ` +
          `version, or check the wrapper against the new one and update the constant.`,
      );
    }
    // Rust panics report their message here before the wasm traps.
    (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message(message: string) {
        lastPanic = message;
      },
    };
    const glue = (await import(pathToFileURL(gluePath).href)) as GlueModule;
    const bytes = await readFile(path.join(packageDir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** The engine's own version string (its prisma-engines git hash). */
export async function schemaEngineVersion(): Promise<string> {
  return (await loadSchemaEngineWasm()).version();
}

// ---------------------------------------------------------------------------
// The driver adapter

/** Result rows (by identity) -> indexes of their `"char"` columns. */
const charColumns = new WeakMap<object, number[]>();
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

function relabelCharColumns(result: unknown): unknown {
  if (!result || Array.isArray(result)) return result;
  const { fields, rows } = result as pg.QueryResult;
  const indexes: number[] = [];
  fields?.forEach((field, index) => {
    if (field.dataTypeID === PG_CHAR_OID) {
      field.dataTypeID = PG_TEXT_OID;
      indexes.push(index);
    }
  });
  if (indexes.length > 0 && rows) charColumns.set(rows, indexes);
  return result;
}

/** A pg.Client whose results report `"char"` columns as text (see top). */
class CharAsTextClient extends pg.Client {
  // pg's query() has many overloads (promise and callback styles); this
  // forwards every one of them and relabels the result on the way back.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      args[args.length - 1] = (error: unknown, result: unknown) =>
        last(error, error ? result : relabelCharColumns(result));
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const returned = (super.query as (...a: any[]) => any)(...args);
    return returned && typeof returned.then === "function"
      ? returned.then(relabelCharColumns)
      : returned;
  }
}

function restoreCharColumns<T extends SqlQueryable>(queryable: T): T {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumns.get(result.rows) ?? []) {
      result.columnTypes[index] = ColumnTypeEnum.Character;
    }
    return result;
  };
  return queryable;
}

function wrapAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  restoreCharColumns(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) =>
    restoreCharColumns(await startTransaction(isolationLevel));
  return adapter;
}

/** pg connection fields for a postgres:// URL (no connectionString: see top). */
function poolConfig(url: string): pg.PoolConfig {
  const u = new URL(url);
  const sslmode = u.searchParams.get("sslmode");
  return {
    host: decodeURIComponent(u.hostname),
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.slice(1)) || "postgres",
    ...(sslmode && sslmode !== "disable"
      ? { ssl: { rejectUnauthorized: sslmode === "verify-full" } }
      : {}),
    Client: CharAsTextClient,
    max: 4,
  };
}

/**
 * A migration-aware adapter factory on `url`, plus `disposeAll()` which closes
 * whatever the engine left open (the engine does not always dispose its
 * connections, which would keep pools — and the process — alive).
 */
function adapterFactory(url: string): {
  factory: SqlMigrationAwareDriverAdapterFactory;
  disposeAll(): Promise<void>;
} {
  const inner = new PrismaPg(poolConfig(url));
  const open = new Set<SqlDriverAdapter>();
  const track = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const dispose = adapter.dispose.bind(adapter);
    let disposing: Promise<void> | undefined;
    adapter.dispose = () => {
      open.delete(adapter);
      return (disposing ??= dispose());
    };
    open.add(adapter);
    return wrapAdapter(adapter);
  };
  return {
    factory: {
      provider: inner.provider,
      adapterName: inner.adapterName,
      connect: async () => track(await inner.connect()),
      connectToShadowDb: async () => track(await inner.connectToShadowDb()),
    },
    disposeAll: async () => {
      await Promise.all([...open].map((adapter) => adapter.dispose().catch(() => {})));
    },
  };
}

// ---------------------------------------------------------------------------
// The engine

/**
 * Runs `fn` with an engine connected (through the adapter) to `databaseUrl`.
 * The engine connects when created, even for operations that need no
 * database (empty -> datamodel), so a reachable server is always required.
 */
export async function withSchemaEngine<T>(
  options: { databaseUrl: string; datamodel?: string },
  fn: (engine: Engine.SchemaEngine) => Promise<T>,
): Promise<T> {
  const glue = await loadSchemaEngineWasm();
  const datamodels: [string, string][] | undefined =
    options.datamodel !== undefined ? [["schema.prisma", options.datamodel]] : undefined;
  lastPanic = undefined;
  const adapters = adapterFactory(options.databaseUrl);
  const fail = (error: unknown): never => {
    const panic = lastPanic ? `\nengine panic: ${lastPanic}` : "";
    throw new Error(
      `schema engine: ${error instanceof Error ? error.message : String(error)}${panic}`,
      { cause: error },
    );
  };
  let engine: Engine.SchemaEngine;
  try {
    engine = await glue.SchemaEngine.new(
      { datamodels },
      // The engine's JSON log lines; DEBUG_SCHEMA_ENGINE=1 shows them.
      (line: string) => {
        if (process.env.DEBUG_SCHEMA_ENGINE) process.stderr.write(line);
      },
      bindMigrationAwareSqlAdapterFactory(adapters.factory),
    );
  } catch (error) {
    await adapters.disposeAll();
    return fail(error);
  }
  try {
    return await fn(engine);
  } catch (error) {
    return fail(error);
  } finally {
    engine.free();
    await adapters.disposeAll();
  }
}

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
