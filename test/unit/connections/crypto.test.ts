// Secrets at rest: worker/connections/crypto.ts. reencryptAll runs against a real
// (per-file) test database.
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  decryptSecret,
  encryptSecret,
  loadKeyRing,
  parseKeyRing,
  reencryptAll,
  SecretDecryptionError,
} from "../../../worker/connections/crypto";
import { ConfigError } from "../../../worker/config";
import { createTestDatabase, type TestDatabase } from "../../support/database";

const newKey = (id: string) => `${id}:${randomBytes(32).toString("base64")}`;

function decryptError(fn: () => unknown): SecretDecryptionError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SecretDecryptionError);
    return error as SecretDecryptionError;
  }
  throw new Error("expected decryption to fail");
}

describe("parseKeyRing", () => {
  it("takes the first key as the current one", () => {
    const ring = parseKeyRing(`${newKey("new")}, ${newKey("old")}`);
    expect(ring.currentKeyId).toBe("new");
    expect([...ring.keys.keys()]).toEqual(["new", "old"]);
  });

  it.each([
    ["", /has no key/],
    ["nocolon", /keyId:base64key/],
    ["bad id:AAAA", /keyId:base64key/],
    [`short:${randomBytes(16).toString("base64")}`, /must be 32 bytes/],
    ["junk:!!!!", /must be 32 bytes/],
  ])("refuses %j with a clear message", (value, message) => {
    expect(() => parseKeyRing(value)).toThrow(ConfigError);
    expect(() => parseKeyRing(value)).toThrow(message);
  });

  it("refuses a key id used twice", () => {
    expect(() => parseKeyRing(`${newKey("a")},${newKey("a")}`)).toThrow(/appears twice/);
  });
});

describe("encryptSecret / decryptSecret", () => {
  const ring = parseKeyRing(newKey("k1"));

  it("round-trips, with a fresh IV each time", () => {
    const secret = JSON.stringify({ accessToken: "xoxb-123", note: "ünïcode ✓" });
    const a = encryptSecret(ring, secret);
    const b = encryptSecret(ring, secret);
    expect(a).toMatch(/^v1\.k1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("xoxb");
    expect(decryptSecret(ring, a)).toBe(secret);
    expect(decryptSecret(ring, b)).toBe(secret);
    expect(decryptSecret(ring, encryptSecret(ring, ""))).toBe("");
  });

  it("refuses a blob under a key the ring does not have", () => {
    const blob = encryptSecret(ring, "s");
    const error = decryptError(() => decryptSecret(parseKeyRing(newKey("k2")), blob));
    expect(error.reason).toBe("unknown_key");
    expect(error.message).toMatch(/key "k1", which is not in SWITCHYARD_ENCRYPTION_KEYS/);
  });

  it("refuses the same key id with a different value", () => {
    const blob = encryptSecret(ring, "s");
    expect(decryptError(() => decryptSecret(parseKeyRing(newKey("k1")), blob)).reason).toBe(
      "tampered",
    );
  });

  it("detects tampering with the ciphertext, the tag, the IV or the key id", () => {
    const blob = encryptSecret(ring, "a secret of some length");
    const parts = blob.split(".");
    const flip = (value: string) => {
      const bytes = Buffer.from(value, "base64url");
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString("base64url");
    };
    for (const index of [2, 3, 4]) {
      const altered = parts.map((part, i) => (i === index ? flip(part) : part)).join(".");
      expect(decryptError(() => decryptSecret(ring, altered)).reason).toBe("tampered");
    }
    // Relabelled to another key id, even one with the same key bytes: the id is authenticated.
    const k1 = (ring.keys.get("k1") as Buffer).toString("base64");
    const two = parseKeyRing(`k2:${k1},k1:${k1}`);
    const relabelled = ["v1", "k2", ...parts.slice(2)].join(".");
    expect(decryptError(() => decryptSecret(two, relabelled)).reason).toBe("tampered");
  });

  it("refuses something that is not a blob", () => {
    for (const blob of ["", "plain text", "v2.k1.a.b.c", "v1.k1.a.b"]) {
      expect(decryptError(() => decryptSecret(ring, blob)).reason).toBe("malformed");
    }
  });

  it("rotation: old blobs still decrypt once a new key is first; new ones use the new key", () => {
    const oldKey = newKey("old");
    const before = encryptSecret(parseKeyRing(oldKey), "token");
    const rotated = parseKeyRing(`${newKey("new")},${oldKey}`);
    expect(decryptSecret(rotated, before)).toBe("token");
    expect(encryptSecret(rotated, "token")).toMatch(/^v1\.new\./);
  });
});

describe("loadKeyRing", () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "switchyard-keys-"));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it("uses SWITCHYARD_ENCRYPTION_KEYS when set", async () => {
    const dir = await tempDir();
    const ring = await loadKeyRing(
      { SWITCHYARD_ENCRYPTION_KEYS: newKey("prod"), NODE_ENV: "production" },
      { dataDir: dir },
    );
    expect(ring.currentKeyId).toBe("prod");
  });

  it("in development, creates a persistent 0600 key file once and reuses it", async () => {
    const dir = await tempDir();
    const logs: string[] = [];
    const log = (message: string) => logs.push(message);
    const first = await loadKeyRing(
      { NODE_ENV: "development", SWITCHYARD_ENCRYPTION_KEYS: "" },
      { dataDir: path.join(dir, ".data"), log },
    );
    const second = await loadKeyRing({}, { dataDir: path.join(dir, ".data"), log });
    const file = path.join(dir, ".data", "encryption-key");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, "utf8")).toMatch(/^dev:/);
    const blob = encryptSecret(first, "kept across restarts");
    expect(decryptSecret(second, blob)).toBe("kept across restarts");
    expect(logs.length).toBeLessThanOrEqual(1);
  });

  it("refuses to start in production without keys", async () => {
    const dir = await tempDir();
    await expect(loadKeyRing({ NODE_ENV: "production" }, { dataDir: dir })).rejects.toThrow(
      /SWITCHYARD_ENCRYPTION_KEYS must be set in production/,
    );
  });
});

describe("reencryptAll", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it("moves every secret not under the current key to it, and only those", async () => {
    const oldKey = newKey("old");
    const oldRing = parseKeyRing(oldKey);
    const nextKey = newKey("new");
    const rotated = parseKeyRing(`${nextKey},${oldKey}`);
    // After the rotation, the old key is no longer needed.
    const newOnly = parseKeyRing(nextKey);
    const workspace = await db.prisma.workspace.create({ data: { name: "w" } });
    const user = await db.prisma.user.create({ data: { name: "u", email: "u@example.com" } });
    const base = {
      workspaceId: workspace.id,
      ownerId: user.id,
      connectorId: "airtable",
      provider: "airtable-pat",
      authKind: "api_key" as const,
      label: "x",
    };
    const [a, b, current, empty] = await Promise.all([
      db.prisma.connection.create({
        data: { ...base, encryptedCredentials: encryptSecret(oldRing, "secret a") },
      }),
      db.prisma.connection.create({
        data: { ...base, encryptedCredentials: encryptSecret(oldRing, "secret b") },
      }),
      db.prisma.connection.create({
        data: { ...base, encryptedCredentials: encryptSecret(rotated, "already new") },
      }),
      db.prisma.connection.create({ data: { ...base, backend: "nango", nangoConnectionId: "n1" } }),
    ]);
    await db.prisma.oAuthFlow.create({
      data: {
        id: "state-1",
        workspaceId: workspace.id,
        userId: user.id,
        connectorId: "slack",
        encryptedCodeVerifier: encryptSecret(oldRing, "verifier"),
        redirectUri: "http://127.0.0.1/cb",
        expiresAt: new Date(Date.now() + 60_000),
      },
    });
    const untouched = (await db.prisma.connection.findUniqueOrThrow({ where: { id: current.id } }))
      .encryptedCredentials;

    expect(await reencryptAll(db.prisma, rotated)).toBe(3);

    const rows = await db.prisma.connection.findMany();
    const byId = new Map(rows.map((row) => [row.id, row.encryptedCredentials]));
    for (const [id, plain] of [
      [a.id, "secret a"],
      [b.id, "secret b"],
    ] as const) {
      expect(byId.get(id)).toMatch(/^v1\.new\./);
      expect(decryptSecret(newOnly, byId.get(id) as string)).toBe(plain);
    }
    expect(byId.get(current.id)).toBe(untouched);
    expect(byId.get(empty.id)).toBeNull();
    const flow = await db.prisma.oAuthFlow.findUniqueOrThrow({ where: { id: "state-1" } });
    expect(decryptSecret(newOnly, flow.encryptedCodeVerifier)).toBe("verifier");
    expect(await reencryptAll(db.prisma, rotated)).toBe(0);
  });
});
