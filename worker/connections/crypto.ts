// Secrets at rest (connection credentials, PKCE verifiers): AES-256-GCM under a key ring.
// The first key encrypts; every key decrypts, so a key is rotated by putting a new one
// first, running reencryptAll, and only then dropping the old one.
//
// Blob format: v1.<keyId>.<iv>.<tag>.<ciphertext> (base64url parts). "v1.<keyId>" is the
// GCM additional data, so a blob cannot be relabelled to another key or version unnoticed.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import path from "node:path";
import { z } from "zod";
import type { PrismaClient } from "../../prisma/client";
import { ConfigError } from "../config";
import { DEV_DATA_DIR, developmentSecret } from "../dev-secrets";
import type { Env } from "./env";

export interface KeyRing {
  /** The key new secrets are encrypted with. */
  readonly currentKeyId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

export class SecretDecryptionError extends Error {
  override readonly name = "SecretDecryptionError";
  constructor(
    readonly reason: "malformed" | "unknown_key" | "tampered",
    message: string,
  ) {
    super(message);
  }
}

const VERSION = "v1";
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const ENV_NAME = "SWITCHYARD_ENCRYPTION_KEYS";
const HOW_TO_MAKE_ONE = "make a key with `openssl rand -base64 32`";

/**
 * Parses `keyId:base64(32 bytes)[,keyId:base64...]`; the first entry is the current key.
 * `envName` names the variable in errors (worker groups' keys use their own).
 */
export function parseKeyRing(value: string, envName = ENV_NAME): KeyRing {
  const keys = new Map<string, Buffer>();
  const entries = value
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  for (const entry of entries) {
    const colon = entry.indexOf(":");
    const id = colon === -1 ? "" : entry.slice(0, colon);
    const encoded = entry.slice(colon + 1);
    if (!KEY_ID.test(id)) {
      throw new ConfigError(
        `${envName}: each entry must be keyId:base64key with a key id of letters, digits, _ or - (got "${entry.slice(0, 12)}...")`,
      );
    }
    const key = Buffer.from(encoded, "base64");
    if (!BASE64.test(encoded) || key.length !== 32) {
      throw new ConfigError(
        `${envName}: key "${id}" must be 32 bytes in base64 (${HOW_TO_MAKE_ONE})`,
      );
    }
    if (keys.has(id)) throw new ConfigError(`${envName}: key id "${id}" appears twice`);
    keys.set(id, key);
  }
  const currentKeyId = keys.keys().next().value;
  if (currentKeyId === undefined)
    throw new ConfigError(`${envName} has no key (${HOW_TO_MAKE_ONE})`);
  return { currentKeyId, keys };
}

export function encryptSecret(ring: KeyRing, plaintext: string): string {
  const key = ring.keys.get(ring.currentKeyId) as Buffer;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(`${VERSION}.${ring.currentKeyId}`));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString("base64url"));
  return [VERSION, ring.currentKeyId, ...parts].join(".");
}

export function decryptSecret(ring: KeyRing, blob: string): string {
  const parts = blob.split(".");
  const [version, keyId, iv, tag, ciphertext] = parts;
  if (
    parts.length !== 5 ||
    version !== VERSION ||
    !keyId ||
    !iv ||
    !tag ||
    ciphertext === undefined
  ) {
    throw new SecretDecryptionError("malformed", "Not an encrypted secret in the v1 format");
  }
  const key = ring.keys.get(keyId);
  if (!key) {
    throw new SecretDecryptionError(
      "unknown_key",
      `Secret was encrypted with key "${keyId}", which is not in ${ENV_NAME} (was it removed before reencryptAll ran?)`,
    );
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(`${VERSION}.${keyId}`));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    const plain = Buffer.concat([
      decipher.update(Buffer.from(ciphertext, "base64url")),
      decipher.final(),
    ]);
    return plain.toString("utf8");
  } catch {
    throw new SecretDecryptionError(
      "tampered",
      `Secret under key "${keyId}" failed authentication: it was altered, or the key's value changed`,
    );
  }
}

const keyEnvSchema = z.object({
  NODE_ENV: z.string().optional(),
  // docker-compose and .env files often set a variable to "": treat that as unset.
  [ENV_NAME]: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
});

let announcedDevKey = false;

/**
 * The ring from SWITCHYARD_ENCRYPTION_KEYS. Without it, development uses a generated key
 * kept in `<dataDir>/encryption-key` (so connections survive restarts); production refuses
 * to start, since a key only on one machine's disk would be lost with it.
 * `dataDir` defaults to <repo>/.data; `log` (default console.warn) hears about the
 * development key once per process.
 */
export async function loadKeyRing(
  env: Env,
  options: { dataDir?: string; log?: (message: string) => void } = {},
): Promise<KeyRing> {
  const parsed = keyEnvSchema.parse(env);
  const configured = parsed[ENV_NAME];
  if (configured !== undefined) return parseKeyRing(configured);
  if (parsed.NODE_ENV === "production") {
    throw new ConfigError(
      `${ENV_NAME} must be set in production to encrypt connection secrets: ` +
        `set it to main:<base64 key> (${HOW_TO_MAKE_ONE})`,
    );
  }
  const dataDir = options.dataDir ?? DEV_DATA_DIR;
  const ring = parseKeyRing(developmentSecret("encryption-key", dataDir));
  if (!announcedDevKey) {
    announcedDevKey = true;
    (options.log ?? console.warn)(
      `[connections] ${ENV_NAME} is not set: using the development key in ${path.join(dataDir, "encryption-key")}. ` +
        `Keep that file (connections cannot be decrypted without it); set ${ENV_NAME} in production.`,
    );
  }
  return ring;
}

/**
 * Re-encrypts every stored secret that is not under the current key; returns how many.
 * Each row is swapped only if it still holds the blob that was read, so a token refreshed
 * meanwhile (already written under the current key) is never overwritten.
 */
export async function reencryptAll(prisma: PrismaClient, ring: KeyRing): Promise<number> {
  const current = `${VERSION}.${ring.currentKeyId}.`;
  let count = 0;
  const connections = await prisma.connection.findMany({
    where: {
      AND: [
        { encryptedCredentials: { not: null } },
        { NOT: { encryptedCredentials: { startsWith: current } } },
      ],
    },
    select: { id: true, encryptedCredentials: true },
  });
  for (const { id, encryptedCredentials: blob } of connections) {
    if (blob === null) continue;
    const updated = await prisma.connection.updateMany({
      where: { id, encryptedCredentials: blob },
      data: { encryptedCredentials: encryptSecret(ring, decryptSecret(ring, blob)) },
    });
    count += updated.count;
  }
  const flows = await prisma.oAuthFlow.findMany({
    where: { NOT: { encryptedCodeVerifier: { startsWith: current } } },
    select: { id: true, encryptedCodeVerifier: true },
  });
  for (const { id, encryptedCodeVerifier: blob } of flows) {
    const updated = await prisma.oAuthFlow.updateMany({
      where: { id, encryptedCodeVerifier: blob },
      data: { encryptedCodeVerifier: encryptSecret(ring, decryptSecret(ring, blob)) },
    });
    count += updated.count;
  }
  return count;
}
