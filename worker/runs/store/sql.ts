import pg from "pg";

const { types: pgTypes } = pg;

/**
 * The one way the run store talks to Postgres: a client of a `pg` pool (graphile-worker's,
 * in a task) and named statements, which Postgres prepares once per connection.
 */
export type SqlClient = Pick<pg.PoolClient, "query">;

export async function rows<T extends pg.QueryResultRow>(
  client: SqlClient,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const result = await client.query<T>({ name, text, values });
  return result.rows;
}

/**
 * The store's statements inside a Prisma interactive transaction, for the slower paths
 * that hold one (start, retry, approvals): same SQL, one implementation.
 */
export function prismaSql(tx: {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}): SqlClient {
  const query = async (config: { text: string; values?: unknown[] }) => ({
    rows: await tx.$queryRawUnsafe<unknown[]>(config.text, ...(config.values ?? [])),
  });
  return { query } as unknown as SqlClient;
}

/** Runs `fn` in one transaction on `client`; rolls back if it throws. */
export async function inTransaction<T>(
  client: SqlClient,
  fn: (client: SqlClient) => Promise<T>,
): Promise<T> {
  await client.query("BEGIN");
  try {
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  }
}

/**
 * Prisma's DateTime columns are `timestamp(3)` holding UTC; a parameter written as
 * `${ts(n)}` takes an ISO string and stores it as that UTC wall time.
 */
export const ts = (n: number) => `($${n}::timestamptz AT TIME ZONE 'UTC')`;

/**
 * Type parsers for a `pg` pool that reads Prisma's rows: `timestamp(3)` columns hold UTC
 * (pg's default parser would read them as local time).
 */
export const prismaRowTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pgTypes.builtins.TIMESTAMP
      ? (value: string) => new Date(`${value.replace(" ", "T")}Z`)
      : pgTypes.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};
