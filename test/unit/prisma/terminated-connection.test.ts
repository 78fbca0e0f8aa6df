import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPrismaClient } from "../../../prisma/client";
import { isDatabaseUnavailable } from "../../../prisma/unavailable";
import { HookConfigCache, listenForConfigChanges } from "../../../worker/intake/hook-config";
import {
  startTerminatingPostgres,
  type TerminatingPostgres,
} from "../../fakes/terminating-postgres";
import { waitFor } from "../../support/wait-for";

// A connection that Postgres terminates in the packet that made it ready (a restart
// beginning just then) emitted an "error" nobody heard, which ended the worker process
// (docs/reliability.md). Vitest fails a file on such an uncaught error; here the loss
// must instead reach the caller as "database unavailable", and the process carries on.
let server: TerminatingPostgres;

beforeAll(async () => {
  server = await startTerminatingPostgres();
});

afterAll(async () => {
  await server?.close();
});

it("a transaction on such a connection fails as database unavailable", async () => {
  const prisma = createPrismaClient(server.url);
  try {
    const failure = await prisma.$transaction((tx) => tx.$executeRaw`SELECT 1`).catch((e) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(failure)).toBe(true);
    // And again: the broken connection left the pool instead of being handed out again.
    const before = server.connections();
    await expect(prisma.$queryRaw`SELECT 1`).rejects.toThrow();
    expect(server.connections()).toBeGreaterThan(before);
  } finally {
    await prisma.$disconnect();
  }
});

it("the intake's config listener reconnects instead of crashing", async () => {
  const cache = new HookConfigCache(async () => null);
  const warnings: string[] = [];
  const before = server.connections();
  const listener = listenForConfigChanges(
    () => new pg.Client({ connectionString: server.url }),
    cache,
    { warn: (message) => warnings.push(message) },
  );
  try {
    await waitFor(() => server.connections() >= before + 2, 5_000, "a second connection");
    expect(cache.listening).toBe(false);
  } finally {
    await listener.close();
  }
});
