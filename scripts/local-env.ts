import { developmentSecret } from "../worker/dev-secrets";

/**
 * The settings production requires (worker/production-env.ts), filled for a local
 * `npm start` from the checkout's development secrets in .data/ wherever the operator
 * left them unset: the production build then runs on this machine with nothing to set
 * up, and sessions, connections and emailed links carry over from `npm run dev`.
 */
export function localProductionEnv(
  env: NodeJS.ProcessEnv,
  origin: string,
  dataDir?: string,
): Record<string, string> {
  const given = (name: string) => env[name]?.trim() || undefined;
  return {
    NODE_ENV: "production",
    BETTER_AUTH_SECRET: given("BETTER_AUTH_SECRET") ?? developmentSecret("auth-secret", dataDir),
    SWITCHYARD_ENCRYPTION_KEYS:
      given("SWITCHYARD_ENCRYPTION_KEYS") ?? developmentSecret("encryption-key", dataDir),
    SWITCHYARD_LINK_SECRET:
      given("SWITCHYARD_LINK_SECRET") ?? developmentSecret("link-secret", dataDir),
    SWITCHYARD_PUBLIC_URL: given("SWITCHYARD_PUBLIC_URL") ?? origin,
  };
}
