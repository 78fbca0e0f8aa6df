import { ConfigError } from "./config";

// Settings with a development fallback (a generated file under .data/, the
// embedded Postgres, a localhost URL) that production must set explicitly:
// a fallback there would sign everyone out, lose secrets with one disk, or put
// localhost links in emails. docker-compose.yml provides each to its role
// (test/unit/deploy/compose.test.ts checks it) and .env.example documents them.
const COMMON = [
  "DATABASE_URL",
  "SWITCHYARD_ENCRYPTION_KEYS",
  "SWITCHYARD_LINK_SECRET",
  "SWITCHYARD_PUBLIC_URL",
] as const;

export const PRODUCTION_REQUIRED_ENV = {
  web: [...COMMON, "BETTER_AUTH_SECRET"],
  worker: [...COMMON],
  // A worker of named groups only runs steps: no emails, so no links or public URL.
  group_worker: ["DATABASE_URL", "SWITCHYARD_ENCRYPTION_KEYS"],
  // Decrypts automations' webhook signing secrets; links and sessions are not its business.
  intake: ["DATABASE_URL", "SWITCHYARD_ENCRYPTION_KEYS"],
  migrate: ["DATABASE_URL"],
} as const;

export type Role = keyof typeof PRODUCTION_REQUIRED_ENV;

/** In production, throws ConfigError naming every required variable that is unset or blank. */
export function assertProductionEnv(role: Role, env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV !== "production") return;
  const missing = PRODUCTION_REQUIRED_ENV[role].filter((name) => !env[name]?.trim());
  if (missing.length > 0) {
    throw new ConfigError(
      `Invalid environment:\n${missing.map((name) => `  ${name}: required in production`).join("\n")}`,
    );
  }
}
