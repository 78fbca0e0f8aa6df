// One-line, human explanations for the database errors scripts commonly hit
// (no stack traces for "the server is not running").
import { MigrationError } from "./migrate";

/** The URL with its password replaced by ***. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparsable database URL)";
  }
}

export function describeDatabaseError(error: unknown): string {
  if (error instanceof MigrationError) return error.message;
  const e = error as { code?: string; message?: string; address?: string; port?: number };
  const where = e.address ? ` at ${e.address}${e.port ? `:${e.port}` : ""}` : "";
  switch (e.code) {
    case "ECONNREFUSED":
      return `cannot connect to Postgres${where} (connection refused): is the server running? Check DATABASE_URL, or unset it to use the embedded Postgres.`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot resolve the database host${where}: check DATABASE_URL.`;
    case "ETIMEDOUT":
      return `timed out connecting to Postgres${where}: check DATABASE_URL and the network.`;
    case "28P01":
    case "28000":
      return `Postgres refused the credentials: ${e.message}. Check the user/password in DATABASE_URL.`;
    case "3D000":
      return `${e.message}: create the database first (createdb), or fix DATABASE_URL.`;
    default:
      if (error instanceof AggregateError && error.errors.length > 0) {
        return describeDatabaseError(error.errors[0]);
      }
      return e.message ?? String(error);
  }
}
