// vitest globalSetup: one Postgres server for the whole run, and a template
// database with every migration applied, which each test file clones in
// milliseconds (test/support/database.ts).
//
// - DATABASE_URL set (CI with a Postgres service, ...): that server is used;
//   its role must be allowed to CREATE DATABASE.
// - otherwise: a throwaway embedded Postgres in a temp dir, removed at the end.
import fs from "node:fs/promises";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { defaultPort, makeTempDataDir, startEmbeddedPostgres } from "../../prisma/embedded";
import { buildTemplateDatabase, TEMPLATE_DATABASE } from "./template";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the test server's `postgres` database (a role that can CREATE DATABASE). */
    adminDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = performance.now();
  let adminUrl: string;
  let teardown = async () => {};

  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    const dataDir = await makeTempDataDir("switchyard-test-pg-");
    const server = await startEmbeddedPostgres({
      dataDir,
      persistent: false,
      port: defaultPort("test"),
    });
    adminUrl = server.url;
    teardown = async () => {
      await server.stop();
      await fs.rm(path.dirname(dataDir), { recursive: true, force: true });
    };
  }

  try {
    const template = await buildTemplateDatabase(adminUrl);
    const ms = Math.round(performance.now() - started);
    console.log(
      `[test-db] ${TEMPLATE_DATABASE} ${template.reused ? "reused" : "built"} ` +
        `(${template.migrations} migrations + graphile-worker schema); setup took ${ms} ms`,
    );
  } catch (error) {
    await teardown();
    throw error;
  }

  project.provide("adminDatabaseUrl", adminUrl);
  return teardown;
}
