import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Outside production, a secret the operator did not set is generated once and kept in
// <repo>/.data, so sessions, stored connections and emailed links survive restarts and
// are shared by the web app, the workers and the scripts of one checkout. `npm start`
// hands these same values to its production-mode children (scripts/local-env.ts).
// Not `new URL("../.data", import.meta.url)`: Next's bundler would treat it as an asset.
export const DEV_DATA_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  ".data",
);

const GENERATORS = {
  "auth-secret": () => randomBytes(32).toString("base64"),
  // A key ring of one key named "dev" (worker/connections/crypto.ts).
  "encryption-key": () => `dev:${randomBytes(32).toString("base64")}`,
  "link-secret": () => randomBytes(32).toString("base64url"),
} as const;

export type DevSecretName = keyof typeof GENERATORS;

/** The development value of `name`, created on first use. Synchronous: better-auth's config is. */
export function developmentSecret(name: DevSecretName, dataDir: string = DEV_DATA_DIR): string {
  const file = path.join(dataDir, name);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    // "wx": the processes of one checkout may start together; only one creates the file.
    fs.writeFileSync(file, `${GENERATORS[name]()}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return fs.readFileSync(file, "utf8").trim();
}
