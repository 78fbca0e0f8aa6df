// The template database test databases are cloned from: our migrations and
// graphile-worker's schema, applied once per run (or reused, on a shared
// server, while the migrations are unchanged).
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import { withDatabase } from "../../prisma/embedded";
import { migrateDatabase, readMigrations } from "../../prisma/migrate";

/**
 * Retries `fn` while Postgres says the database "is being accessed by other
 * users" (SQLSTATE 55006), for up to `timeoutMs`.
 */
export async function retryWhileInUse<T>(fn: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    try {
      return await fn();
    } catch (error) {
      if ((error as { code?: string }).code !== "55006" || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

export const TEMPLATE_DATABASE = "switchyard_template";
const BUILD_LOCK = 0x73776974; // "swit": serialises template builds on a shared server

/** Identifies what the template contains: migration checksums + graphile-worker version. */
async function fingerprint(): Promise<{ value: string; migrations: number }> {
  // graphile-worker 0.18 exports no ./package.json: find it beside the entry point.
  const entry = createRequire(import.meta.url).resolve("graphile-worker");
  const manifest = path.join(path.dirname(entry), "..", "package.json");
  const worker = (JSON.parse(await readFile(manifest, "utf8")) as { version: string }).version;
  const migrations = await readMigrations();
  const hash = createHash("sha256");
  for (const migration of migrations) hash.update(`${migration.name}:${migration.checksum}\n`);
  hash.update(`graphile-worker@${worker}`);
  return { value: `switchyard-template ${hash.digest("hex")}`, migrations: migrations.length };
}

async function currentFingerprint(admin: pg.Client): Promise<string | null> {
  const { rows } = await admin.query<{ comment: string | null }>(
    `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
    [TEMPLATE_DATABASE],
  );
  return rows[0]?.comment ?? null;
}

/**
 * Makes sure `switchyard_template` exists on the server of `adminUrl` with the
 * current migrations. It is built under another name, then renamed, and it
 * does not accept connections (ALLOW_CONNECTIONS false): nobody can stay
 * connected to it, which CREATE DATABASE ... TEMPLATE requires.
 */
export async function buildTemplateDatabase(
  adminUrl: string,
): Promise<{ reused: boolean; migrations: number }> {
  const wanted = await fingerprint();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query("SELECT pg_advisory_lock($1)", [BUILD_LOCK]);
    if ((await currentFingerprint(admin)) === wanted.value) {
      return { reused: true, migrations: wanted.migrations };
    }
    const building = `${TEMPLATE_DATABASE}_build_${process.pid}`;
    const id = (name: string) => admin.escapeIdentifier(name);
    await admin.query(`DROP DATABASE IF EXISTS ${id(building)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${id(building)}`);
    try {
      await migrateDatabase(withDatabase(adminUrl, building));
      await admin.query(`ALTER DATABASE ${id(building)} ALLOW_CONNECTIONS false`);
      // Sessions still attached (graphile-worker's pool closing) are ended by FORCE.
      await admin.query(`DROP DATABASE IF EXISTS ${id(TEMPLATE_DATABASE)} WITH (FORCE)`);
      // A backend whose client just disconnected may still be exiting.
      await retryWhileInUse(() =>
        admin.query(`ALTER DATABASE ${id(building)} RENAME TO ${id(TEMPLATE_DATABASE)}`),
      );
      await admin.query(
        `COMMENT ON DATABASE ${id(TEMPLATE_DATABASE)} IS ${admin.escapeLiteral(wanted.value)}`,
      );
    } catch (error) {
      await admin.query(`DROP DATABASE IF EXISTS ${id(building)} WITH (FORCE)`).catch(() => {});
      throw error;
    }
    return { reused: false, migrations: wanted.migrations };
  } finally {
    await admin.end(); // also releases the advisory lock
  }
}
