// The webhook intake (worker/intake/server.ts) on 127.0.0.1 in the test process: the
// same server the intake process runs, with the test database and a fixed key ring.
import { parseKeyRing } from "../../worker/connections/crypto";
import { componentLog } from "../../worker/log";
import {
  startIntakeServer,
  type IntakeServer,
  type IntakeServerOptions,
} from "../../worker/intake/server";
import { triggerSettings } from "../../worker/triggers/trigger-settings";
import { TEST_SECRETS_ENV } from "./test-secrets";

export async function startTestIntake(
  databaseUrl: string,
  env: NodeJS.ProcessEnv = process.env,
  options: Partial<Pick<IntakeServerOptions, "maxBytes" | "upstream" | "trustedProxies">> = {},
): Promise<IntakeServer> {
  const settings = triggerSettings(env);
  const server = await startIntakeServer({
    databaseUrl,
    ring: parseKeyRing(
      env.SWITCHYARD_ENCRYPTION_KEYS ?? TEST_SECRETS_ENV.SWITCHYARD_ENCRYPTION_KEYS,
    ),
    env,
    envSecretWorkspaces: settings.envSecretWorkspaces,
    maxBytes: 1024 * 1024,
    quotaPerMinute: settings.webhookQuotaPerMinute,
    host: "127.0.0.1",
    port: 0,
    poolSize: 5,
    log: componentLog("intake"),
    ...options,
  });
  // Until LISTEN is up nothing is cached, which is correct but not what production sees.
  const deadline = Date.now() + 10_000;
  while (!server.listening() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return server;
}
