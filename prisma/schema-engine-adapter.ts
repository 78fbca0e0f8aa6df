// The `pg` driver adapter the schema engine (prisma/schema-engine-wasm.ts)
// runs on.
//
// Three adapter-pg gaps are bridged here:
// - adapter-pg 7 has no mapping for Postgres' internal `"char"` type (OID 18),
//   which the engine's schema describer reads from pg_constraint/pg_class and
//   wants as ColumnType Character: the pg client used below reports those
//   columns as text (so adapter-pg accepts them) and we restore Character.
// - PrismaPg's connectToShadowDb() spreads its config and overrides
//   `database`, which a `connectionString` would win over: it gets discrete
//   connection fields instead.
// - executeScript() splits a script at every ";", which cuts function bodies
//   ($$ … $$, e.g. the trigger functions of our migrations) apart: the script
//   goes to Postgres whole instead (the simple query protocol runs them all).
import { PrismaPg } from "@prisma/adapter-pg";
import {
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQueryable,
} from "@prisma/driver-adapter-utils";
import pg from "pg";

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

/** What executeScript() of adapter-pg's adapter uses (see top). */
interface PgAdapterInternals {
  client: Pick<pg.Pool, "query">;
  onError(error: unknown): never;
}

function wrapAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  restoreCharColumns(adapter);
  const internals = adapter as unknown as PgAdapterInternals;
  adapter.executeScript = async (script) => {
    try {
      await internals.client.query(script);
    } catch (error) {
      internals.onError(error);
    }
  };
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
export function adapterFactory(url: string): {
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
