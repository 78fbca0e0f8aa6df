import type { PrismaClient } from "../../prisma/client";

export type Readiness =
  | { ready: true }
  | { ready: false; reason: "database_unavailable" | "queue_schema_missing"; detail: string };

/**
 * Whether this process can do its job: Postgres answers, and graphile-worker's
 * schema is installed (so runs can be enqueued). A database that was never
 * migrated answers "queue_schema_missing": run `npm run db:migrate`.
 */
export async function checkReadiness(prisma: PrismaClient): Promise<Readiness> {
  try {
    await prisma.$queryRaw`SELECT 1`;
  } catch (error) {
    return { ready: false, reason: "database_unavailable", detail: firstLine(error) };
  }
  try {
    await prisma.$queryRaw`SELECT 1 FROM graphile_worker.jobs LIMIT 1`;
    return { ready: true };
  } catch (error) {
    return { ready: false, reason: "queue_schema_missing", detail: firstLine(error) };
  }
}

// Driver errors can be long; the first line says enough and carries no credentials.
function firstLine(error: unknown) {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}
