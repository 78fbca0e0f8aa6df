// A fresh database per test file (or per test): cloned from the migrated
// template built by global-setup.ts, so it has our tables and graphile-worker's
// schema, and costs a few milliseconds instead of a migration run.
//
//   const db = await createTestDatabase();
//   afterAll(() => db.drop());
//   await db.prisma.workspace.create(...)
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createPrismaClient, type PrismaClient } from "../../prisma/client";
import { withDatabase } from "../../prisma/embedded";
import { retryWhileInUse, TEMPLATE_DATABASE } from "./template";

export interface TestDatabase {
  /** The database's name, test_<random>. */
  name: string;
  /** Connection URL (e.g. for graphile-worker, or DATABASE_URL in a child process). */
  url: string;
  /** A client on this database. */
  prisma: PrismaClient;
  /** Disconnects `prisma` and drops the database (other sessions are terminated). */
  drop(): Promise<void>;
}

async function withAdmin<T>(fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: inject("adminDatabaseUrl") });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/**
 * A database cloned from the migrated template, or with `{ empty: true }` a
 * blank one (to prove a process migrates it itself).
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `test_${randomBytes(6).toString("hex")}`;
  const template = options.empty ? "template0" : TEMPLATE_DATABASE;
  await withAdmin(async (admin) => {
    // The template accepts no connections, but Postgres also counts backends
    // that are still exiting; concurrent clones themselves are fine.
    await retryWhileInUse(() =>
      admin.query(
        `CREATE DATABASE ${admin.escapeIdentifier(name)} TEMPLATE ${admin.escapeIdentifier(template)}`,
      ),
    );
  });
  const url = withDatabase(inject("adminDatabaseUrl"), name);
  const prisma = createPrismaClient(url);
  let dropping: Promise<void> | undefined;
  return {
    name,
    url,
    prisma,
    drop: () =>
      (dropping ??= (async () => {
        await prisma.$disconnect();
        await withAdmin((admin) =>
          admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`),
        );
      })()),
  };
}
