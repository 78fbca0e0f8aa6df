// Keeps prisma/schema.prisma and prisma/migrations in step, and guards the
// internal Prisma schema-engine (WebAssembly) API our tooling relies on.
import { readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { ensureDatabase } from "../../prisma/embedded";
import { applyMigrations, DEFAULT_MIGRATIONS_DIR, readMigrations } from "../../prisma/migrate";
import {
  applyMigrationsWithEngine,
  diffSql,
  loadSchemaEngineWasm,
  SCHEMA_ENGINE_WASM_VERSION,
  schemaEngineVersion,
} from "../../prisma/schema-engine";

const adminUrl = () => inject("adminDatabaseUrl");

const scratchDatabases: string[] = [];
async function freshDatabase(label: string): Promise<string> {
  const name = `drift_${label}_${process.pid}_${Date.now()}`;
  scratchDatabases.push(name);
  return ensureDatabase(adminUrl(), name);
}
afterAll(async () => {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  for (const name of scratchDatabases) {
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
  }
  await admin.end();
});

describe("schema.prisma and prisma/migrations", () => {
  it("have not drifted apart", async () => {
    // Applies every migration to a fresh database, diffs it against schema.prisma.
    const missing = await diffSql({
      from: { migrationsDir: true },
      to: { datamodel: true },
      serverUrl: adminUrl(),
    });
    if (missing) {
      expect.fail(
        "prisma/schema.prisma differs from what prisma/migrations produce. Run " +
          "`npm run db:new-migration -- <name>` to write a migration with this SQL:\n\n" +
          missing,
      );
    }
  });

  it("has a postgresql migration_lock.toml and at least one migration", async () => {
    const lock = await readFile(path.join(DEFAULT_MIGRATIONS_DIR, "migration_lock.toml"), "utf8");
    expect(lock).toMatch(/^provider = "postgresql"$/m);
    expect((await readMigrations()).length).toBeGreaterThan(0);
  });
});

describe("Prisma schema engine (WebAssembly, internal API)", () => {
  it("loads at the pinned version and computes a diff", async () => {
    const glue = await loadSchemaEngineWasm();
    expect(typeof glue.SchemaEngine.new).toBe("function");
    // The engine reports its prisma-engines commit, the package version's suffix.
    expect(await schemaEngineVersion()).toBe(SCHEMA_ENGINE_WASM_VERSION.split(".").at(-1));
    const sql = await diffSql({
      from: { empty: true },
      to: { datamodel: true },
      serverUrl: adminUrl(),
    });
    expect(sql).toContain('CREATE TABLE "Workspace"');
    expect(sql).toContain('CREATE TYPE "RunStatus" AS ENUM');
  });

  it('reads a live database (the adapter shim for pg\'s "char" type works)', async () => {
    const url = await freshDatabase("live");
    await applyMigrations(url);
    expect(await diffSql({ from: { databaseUrl: url }, to: { datamodel: true } })).toBe("");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('ALTER TABLE "Run" DROP COLUMN "endedAt"');
    await client.end();
    expect(await diffSql({ from: { databaseUrl: url }, to: { datamodel: true } })).toMatch(
      /ALTER TABLE "Run" ADD COLUMN\s+"endedAt"/,
    );
  });

  it("agrees with our applier on _prisma_migrations (prisma migrate deploy stays usable)", async () => {
    const columns = async (url: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query(
          `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
             FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name = '_prisma_migrations'
            ORDER BY ordinal_position`,
        );
        const rowsApplied = await client.query(
          `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished,
                  rolled_back_at, applied_steps_count, logs
             FROM _prisma_migrations ORDER BY migration_name`,
        );
        return { columns: rows, applied: rowsApplied.rows };
      } finally {
        await client.end();
      }
    };

    const byEngine = await freshDatabase("engine");
    const names = (await readMigrations()).map((migration) => migration.name);
    expect(await applyMigrationsWithEngine(byEngine)).toEqual(names);
    const byUs = await freshDatabase("ours");
    expect((await applyMigrations(byUs)).applied).toEqual(names);

    expect(await columns(byUs)).toEqual(await columns(byEngine));
    // The engine accepts our bookkeeping: nothing left for it to apply.
    expect(await applyMigrationsWithEngine(byUs)).toEqual([]);
    // And ours accepts the engine's.
    expect((await applyMigrations(byEngine)).applied).toEqual([]);
  });
});
