// The test-database harness itself (global-setup.ts + database.ts) and the
// migration applier (prisma/migrate.ts).
import { randomUUID } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyMigrations,
  checksumOf,
  DEFAULT_MIGRATIONS_DIR,
  MigrationError,
  migrateDatabase,
  readMigrations,
} from "../../prisma/migrate";
import { createTestDatabase, type TestDatabase } from "../support/database";

async function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

let a: TestDatabase;
let b: TestDatabase;
let tempDir: string;

beforeAll(async () => {
  [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  tempDir = await mkdtemp(path.join(os.tmpdir(), "switchyard-migrations-"));
});
afterAll(async () => {
  await Promise.all([a?.drop(), b?.drop()]);
  await rm(tempDir, { recursive: true, force: true });
});

/** A copy of prisma/migrations in a temp dir, to tamper with. */
async function copyOfMigrations(label: string): Promise<string> {
  const dir = path.join(tempDir, label);
  await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

describe("test databases", () => {
  it("are isolated from each other", async () => {
    expect(a.name).not.toBe(b.name);
    await a.prisma.workspace.create({ data: { name: "only in a" } });
    expect(await a.prisma.workspace.count()).toBe(1);
    expect(await b.prisma.workspace.count()).toBe(0);
  });

  it("have graphile-worker's schema", async () => {
    const [job] = await query<{ id: string }>(
      a.url,
      "SELECT (graphile_worker.add_job('noop', '{}'::json)).id",
    );
    expect(
      await query(a.url, "SELECT task_identifier FROM graphile_worker.jobs WHERE id = $1", [
        job?.id,
      ]),
    ).toEqual([{ task_identifier: "noop" }]);
    expect(await query(b.url, "SELECT 1 FROM graphile_worker.jobs")).toEqual([]);
  });

  it("record every migration in _prisma_migrations with its sha256", async () => {
    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
      applied_steps_count: number;
    }>(a.url, "SELECT * FROM _prisma_migrations ORDER BY migration_name");
    const migrations = await readMigrations();
    expect(rows.map((row) => row.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const [i, migration] of migrations.entries()) {
      const sql = await readFile(
        path.join(DEFAULT_MIGRATIONS_DIR, migration.name, "migration.sql"),
      );
      const row = rows[i]!;
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.checksum).toBe(checksumOf(sql.toString("utf8")));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });
});

describe("applyMigrations", () => {
  it("is idempotent", async () => {
    expect(await applyMigrations(a.url)).toEqual({ applied: [], unknown: [] });
  });

  it("applies only what is new, and reports migrations it does not know", async () => {
    const dir = await copyOfMigrations("new");
    await mkdir(path.join(dir, "99990101000000_add_note"));
    await writeFile(
      path.join(dir, "99990101000000_add_note", "migration.sql"),
      'CREATE TABLE "Note" ("id" TEXT PRIMARY KEY, "body" TEXT NOT NULL);\n',
    );
    expect(await applyMigrations(b.url, { migrationsDir: dir })).toEqual({
      applied: ["99990101000000_add_note"],
      unknown: [],
    });
    expect(await query(b.url, 'SELECT * FROM "Note"')).toEqual([]);
    // Back on the real directory, the extra one is reported, not undone.
    expect(await applyMigrations(b.url)).toEqual({
      applied: [],
      unknown: ["99990101000000_add_note"],
    });
  });

  it("refuses an applied migration whose migration.sql changed", async () => {
    const dir = await copyOfMigrations("edited");
    const [first] = await readMigrations(dir);
    const file = path.join(dir, first!.name, "migration.sql");
    await writeFile(file, `${await readFile(file, "utf8")}\n-- edited\n`);
    await expect(applyMigrations(a.url, { migrationsDir: dir })).rejects.toThrow(
      new RegExp(`changed since being applied: ${first!.name}`),
    );
    await expect(applyMigrations(a.url, { migrationsDir: dir })).rejects.toBeInstanceOf(
      MigrationError,
    );
  });

  it("accepts a migration.sql whose line endings git converted", async () => {
    const dir = await copyOfMigrations("crlf");
    const [first] = await readMigrations(dir);
    const file = path.join(dir, first!.name, "migration.sql");
    await writeFile(file, (await readFile(file, "utf8")).replace(/\n/g, "\r\n"));
    expect((await applyMigrations(a.url, { migrationsDir: dir })).applied).toEqual([]);
  });

  it("rolls a failing migration back entirely and records nothing", async () => {
    const dir = await copyOfMigrations("failing");
    await mkdir(path.join(dir, "99990101000000_broken"));
    await writeFile(
      path.join(dir, "99990101000000_broken", "migration.sql"),
      'CREATE TABLE "Half" ("id" TEXT);\nSELECT * FROM "does_not_exist";\n',
    );
    await expect(applyMigrations(a.url, { migrationsDir: dir })).rejects.toThrow(
      /99990101000000_broken failed and was rolled back.*does_not_exist/s,
    );
    expect(await query(a.url, `SELECT to_regclass('"Half"') AS t`)).toEqual([{ t: null }]);
    expect(
      await query(a.url, "SELECT 1 FROM _prisma_migrations WHERE migration_name LIKE '9999%'"),
    ).toEqual([]);
  });

  it("refuses to continue after a failure recorded by prisma migrate deploy", async () => {
    const db = await createTestDatabase();
    try {
      await query(
        db.url,
        `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, started_at)
         VALUES ($1, $2, '00000000000000_failed', 'boom', now())`,
        [randomUUID(), "0".repeat(64)],
      );
      await expect(applyMigrations(db.url)).rejects.toThrow(
        /00000000000000_failed failed in an earlier run[\s\S]*prisma migrate resolve/,
      );
    } finally {
      await db.drop();
    }
  });

  it("serialises concurrent runs on an empty database (advisory lock)", async () => {
    const db = await createTestDatabase();
    try {
      // Start from nothing: drop what the template brought.
      await query(db.url, "DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
      const results = await Promise.all([1, 2, 3].map(() => applyMigrations(db.url)));
      const names = (await readMigrations()).map((migration) => migration.name);
      expect(results.flatMap((result) => result.applied).sort()).toEqual(names);
      const rows = await query<{ n: number }>(
        db.url,
        "SELECT count(*)::int AS n FROM _prisma_migrations",
      );
      expect(rows[0]?.n).toBe(names.length);
    } finally {
      await db.drop();
    }
  });
});

describe("migrateDatabase and graphile-worker's add_jobs", () => {
  const ADD_JOBS = "graphile_worker.add_jobs(graphile_worker.job_spec[], boolean)";

  it("enqueues without reading the whole job table, however many jobs wait", async () => {
    const client = new pg.Client({ connectionString: b.url });
    await client.connect();
    try {
      const seqScans = async () => {
        await client.query("SELECT pg_stat_force_next_flush()");
        await client.query("SELECT pg_stat_clear_snapshot()");
        const { rows } = await client.query<{ n: string }>(
          "SELECT seq_scan AS n FROM pg_stat_user_tables WHERE relid = 'graphile_worker._private_jobs'::regclass",
        );
        return Number(rows[0]!.n);
      };
      const enqueue = (times: number) =>
        client.query(
          "SELECT graphile_worker.add_job('noop', json_build_object('i', i)) FROM generate_series(1, $1) i",
          [times],
        );
      // Plans made while the queue is short, as in a session that has been up a while.
      await enqueue(10);
      await client.query(
        "SELECT graphile_worker.add_jobs(array_agg(ROW('noop', '{}'::json, null, null, null, null, null, null)::graphile_worker.job_spec)) FROM generate_series(1, 5000)",
      );
      const before = await seqScans();
      await enqueue(20);
      expect(await seqScans()).toBe(before);
    } finally {
      await client.end();
    }
  });

  it("plans add_jobs per call again after graphile-worker replaced the function", async () => {
    await query(b.url, `ALTER FUNCTION ${ADD_JOBS} RESET plan_cache_mode`);
    await migrateDatabase(b.url);
    expect(
      await query(b.url, `SELECT proconfig FROM pg_proc WHERE oid = '${ADD_JOBS}'::regprocedure`),
    ).toEqual([{ proconfig: ["plan_cache_mode=force_custom_plan"] }]);
  });
});
