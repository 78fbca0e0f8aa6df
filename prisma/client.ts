// The one place the rest of the code gets Prisma from: the client factory, the
// process-wide client, and the generated model/enum types.
//
// Prisma 7 runs queries through a driver adapter (no query-engine binary):
// `@prisma/adapter-pg` on top of `pg`.
import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { PrismaClient } from "../generated/prisma/client";

// PrismaClient (value + type), the Prisma namespace, enums (MemberRole,
// RunStatus, NodeState, also under $Enums) and model types (Workspace, Run, ...).
export * from "../generated/prisma/client";
// Per-model helper types (WorkspaceModel, RunCreateInput, RunWhereInput, ...).
export type * from "../generated/prisma/models";

/**
 * A new client on its own `pg` pool (default 10 connections; a worker sizes it
 * to its concurrency so steps never queue for a connection). Call
 * `$disconnect()` when done with it.
 */
export function createPrismaClient(
  connectionString: string,
  options: { poolSize?: number } = {},
): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg({
      connectionString,
      max: options.poolSize ?? 10,
      onConnect: keepConnectionErrorsHeard,
    }),
  });
}

/**
 * A `pg` connection whose server goes away emits "error", and an "error" nobody listens
 * to ends the process. The pool listens while a connection is idle and Prisma while its
 * transaction runs, but not in between: Prisma takes a new connection for a transaction
 * (`await pool.connect()`) and listens only once that promise has resumed, while the
 * packet that made the connection ready can also carry the server's "terminating
 * connection" (Postgres shutting down or restarting). That crashed the worker on a
 * database restart (docs/reliability.md). So every connection has a listener for its
 * whole life; the error itself still reaches the query that uses the connection.
 */
function keepConnectionErrorsHeard(connection: pg.ClientBase): void {
  connection.on("error", () => {});
}

const globalForPrisma = globalThis as typeof globalThis & {
  __switchyardPrisma?: { url: string; client: PrismaClient };
};

/**
 * The process-wide client on `DATABASE_URL`, created on first use and cached on
 * globalThis (so dev-server hot reloads and test re-imports reuse one pool).
 */
export function getPrisma(): PrismaClient {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set: cannot create the Prisma client. " +
        "Start through `npm run dev` (which starts the embedded Postgres), " +
        "or export DATABASE_URL=postgres://user:password@host:5432/switchyard.",
    );
  }
  const cached = globalForPrisma.__switchyardPrisma;
  if (cached && cached.url === url) return cached.client;
  // DATABASE_URL changed (tests do this): do not leak the old pool.
  if (cached) void cached.client.$disconnect();
  const client = createPrismaClient(url);
  globalForPrisma.__switchyardPrisma = { url, client };
  return client;
}

/** Disconnects the process-wide client, if one was created. */
export async function disconnectPrisma(): Promise<void> {
  const cached = globalForPrisma.__switchyardPrisma;
  globalForPrisma.__switchyardPrisma = undefined;
  await cached?.client.$disconnect();
}
