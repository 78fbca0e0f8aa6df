import type { OutboxEmail } from "../../prisma/client";
import { parseKeyRing, type KeyRing } from "../../worker/connections/crypto";
import { openLinks, revealLinks } from "../../worker/mail/secret-links";
import { TEST_SECRETS_ENV } from "./test-secrets";

const testRing = parseKeyRing(TEST_SECRETS_ENV.SWITCHYARD_ENCRYPTION_KEYS);

/**
 * An outbox row as its recipients got it: the stored body holds placeholders for its
 * approval and retry links (worker/mail/secret-links.ts), put back here with the key
 * ring the test's processes share.
 */
export function asDelivered(row: OutboxEmail, ring: KeyRing = testRing): OutboxEmail {
  return { ...row, ...revealLinks(row, openLinks(ring, row.sealedLinks)) };
}
