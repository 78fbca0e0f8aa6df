import { z } from "zod";
import { loadKeyRing } from "../connections/crypto";
import { booleanFromEnv, ConfigError } from "../config";
import { componentLog } from "../log";
import { prepareDatabase } from "../prepare-database";
import { assertProductionEnv } from "../production-env";
import { triggerSettings } from "../triggers/trigger-settings";
import { TrustedProxies, trustedProxiesSchema } from "./client-address";
import { startIntakeServer } from "./server";

// The webhook intake process: `npm run intake`. Answers POST /hooks/<token> and, with
// SWITCHYARD_WEB_UPSTREAM set, passes everything else to the web app (npm start and the
// Dockerfile run it that way, on the public port). Stops on SIGINT/SIGTERM after the
// requests in flight.
const log = componentLog("intake");

const envSchema = z.object({
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3100),
  /** The web app's address, for every path but /hooks/*. */
  SWITCHYARD_WEB_UPSTREAM: z.string().url().optional(),
  /** Postgres connections of this process; each accepted event holds one for one statement. */
  SWITCHYARD_INTAKE_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Proxies in front of intake (a TLS proxy, a load balancer) whose X-Forwarded-For is believed. */
  SWITCHYARD_TRUSTED_PROXIES: trustedProxiesSchema.default([]),
  /** Strict-Transport-Security on every answer: only behind TLS (docs/deploy.md). */
  SWITCHYARD_HSTS: booleanFromEnv.default(false),
});

async function main() {
  assertProductionEnv("intake");
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  const settings = triggerSettings();
  const ring = await loadKeyRing(process.env, { log: (message) => log.warn(message) });
  const db = await prepareDatabase();
  const server = await startIntakeServer({
    databaseUrl: db.url,
    ring,
    env: process.env,
    envSecretWorkspaces: settings.envSecretWorkspaces,
    maxBytes: settings.webhookMaxBytes,
    quotaPerMinute: settings.webhookQuotaPerMinute,
    host: env.HOST,
    port: env.PORT,
    poolSize: env.SWITCHYARD_INTAKE_DB_POOL_SIZE,
    upstream: env.SWITCHYARD_WEB_UPSTREAM,
    trustedProxies: new TrustedProxies(env.SWITCHYARD_TRUSTED_PROXIES),
    hsts: env.SWITCHYARD_HSTS,
    log,
  });
  log.info(
    `webhook intake on ${server.url}/hooks/<token>` +
      (env.SWITCHYARD_WEB_UPSTREAM ? `; other paths go to ${env.SWITCHYARD_WEB_UPSTREAM}` : ""),
  );
  const shutdown = (signal: string) => {
    log.info({ signal }, `${signal}: stopping intake`);
    void server
      .close()
      .then(() => db.stop())
      .then(() => process.exit(0));
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((err) => {
  log.fatal(err instanceof ConfigError ? err.message : `fatal: ${(err as Error).message}`);
  process.exit(1);
});
