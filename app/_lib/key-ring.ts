import { loadKeyRing, type KeyRing } from "../../worker/connections/crypto";

let ring: Promise<KeyRing> | undefined;

/** The encryption key ring, loaded once per server process. */
export function keyRing(): Promise<KeyRing> {
  ring ??= loadKeyRing(process.env);
  return ring;
}
