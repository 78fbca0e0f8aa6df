import { createHash, randomBytes } from "node:crypto";

/** A link secret: 32 random bytes; only its SHA-256 is stored, so a database leak decides nothing. */
export function newApprovalToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashApprovalToken(token) };
}

export function hashApprovalToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
