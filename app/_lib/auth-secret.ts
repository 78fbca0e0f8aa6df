import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError } from "../../worker/config";

const ENV_NAME = "BETTER_AUTH_SECRET";
const DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", ".data");

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
  const file = path.join(DATA_DIR, "auth-secret");
  fs.mkdirSync(DATA_DIR, { recursive: true, mode: 0o700 });
  try {
    // "wx": the dev server's workers may start together; only one creates it.
    fs.writeFileSync(file, `${randomBytes(32).toString("base64")}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return fs.readFileSync(file, "utf8").trim();
}
