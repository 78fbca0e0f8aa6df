import { z } from "zod";
import { booleanFromEnv, ConfigError, loadWorkerConfig } from "../../worker/config";
import { loadKeyRing } from "../../worker/connections/crypto";
import { trustedProxiesSchema } from "../../worker/intake/client-address";
import { assertProductionEnv } from "../../worker/production-env";
import { triggerSettings } from "../../worker/triggers/trigger-settings";
import { authSecret } from "./auth-secret";
import { readEdgeSettings } from "./edge-settings";

const blankIsUnset = (v: unknown) => (v === "" ? undefined : v);

// Settings only the web app reads; the shared SWITCHYARD_* ones are checked by
// loadWorkerConfig (the same rules as the worker's, so both fail alike).
const webEnvSchema = z.object({
  SWITCHYARD_PUBLIC_URL: z.preprocess(blankIsUnset, z.url().optional()),
  NANGO_HOST: z.preprocess(blankIsUnset, z.url().optional()),
  /** The demo world's APIs (set by `npm start`/`npm run dev` when they run it). */
  SWITCHYARD_DEMO_APIS_URL: z.preprocess(blankIsUnset, z.url().optional()),
  /** Proxies whose X-Forwarded-For the web app believes, besides the intake front on loopback. */
  SWITCHYARD_TRUSTED_PROXIES: z.preprocess(blankIsUnset, trustedProxiesSchema.optional()),
  SWITCHYARD_REQUIRE_EMAIL_VERIFICATION: z.preprocess(blankIsUnset, booleanFromEnv.default(false)),
  SMTP_URL: z.preprocess(blankIsUnset, z.string().optional()),
});

const checkedWebEnvSchema = webEnvSchema.superRefine((e, ctx) => {
  // Without SMTP the link would wait in an outbox no one can read before signing in.
  if (e.SWITCHYARD_REQUIRE_EMAIL_VERIFICATION && !e.SMTP_URL) {
    ctx.addIssue({
      code: "custom",
      path: ["SWITCHYARD_REQUIRE_EMAIL_VERIFICATION"],
      message: "needs SMTP_URL: the confirmation links are sent by email",
    });
  }
});

/** SWITCHYARD_REQUIRE_EMAIL_VERIFICATION: sign-in waits until the address is confirmed. */
export function emailVerificationRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return webEnvSchema.shape.SWITCHYARD_REQUIRE_EMAIL_VERIFICATION.parse(
    env.SWITCHYARD_REQUIRE_EMAIL_VERIFICATION,
  );
}

/**
 * Checks the web app's settings when the server starts (instrumentation.ts),
 * so a missing or malformed variable stops it with the variable's name rather
 * than failing the first request that needs it. Throws ConfigError.
 */
export async function validateWebEnv(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const problems: string[] = [];
  const collect = async (check: () => unknown) => {
    try {
      await check();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const lines = error.message.replace(/^Invalid environment:\n/, "").split("\n");
      problems.push(...lines.map((line) => line.trim()));
    }
  };
  await collect(() => assertProductionEnv("web", env));
  await collect(() => loadWorkerConfig(env));
  await collect(() => authSecret(env));
  await collect(() => loadKeyRing(env, { log: () => {} }));
  await collect(() => triggerSettings(env));
  await collect(() => readEdgeSettings(env));
  const parsed = checkedWebEnvSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      problems.push(`${issue.path.join(".")}: ${issue.message}`);
  }
  if (problems.length > 0) {
    // One line per variable: a missing secret is reported by two checks.
    const byName = new Map<string, string>();
    for (const line of problems) {
      const name = line.split(/[:\s]/)[0] ?? line;
      if (!byName.has(name)) byName.set(name, line);
    }
    throw new ConfigError(`Invalid environment:\n  ${[...byName.values()].join("\n  ")}`);
  }
}
