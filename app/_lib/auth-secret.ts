import { ConfigError } from "../../worker/config";
import { developmentSecret } from "../../worker/dev-secrets";

const ENV_NAME = "BETTER_AUTH_SECRET";

/**
 * The secret better-auth signs session cookies with. Production must set
 * BETTER_AUTH_SECRET (a secret only on one machine's disk would sign everyone
 * out when lost); development keeps a generated one in .data/auth-secret so
 * sessions survive restarts — the same policy as the encryption key ring.
 * Synchronous because better-auth's configuration is built synchronously.
 */
export function authSecret(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env[ENV_NAME]?.trim();
  if (configured) return configured;
  if (env.NODE_ENV === "production") {
    throw new ConfigError(
      `${ENV_NAME} must be set in production to sign sessions (make one with \`openssl rand -base64 32\`)`,
    );
  }
  return developmentSecret("auth-secret");
}
