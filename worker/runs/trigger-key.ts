import type { Prisma } from "../../prisma/client";

// Namespaces our transaction-level advisory locks on trigger keys (first int of the pair).
const TRIGGER_KEY_LOCK_CLASS = 0x7472_6b79; // "trky"

/**
 * Serialises every start that carries the same (automation, trigger key) until the
 * caller's transaction ends, then returns the run that key already started, if any.
 * Concurrent deliveries of one event thus wait for each other and the later ones see
 * the first one's run, instead of failing on the unique index (which stays as a
 * backstop) and aborting their transaction.
 */
export async function lockTriggerKey(
  tx: Prisma.TransactionClient,
  automationId: string,
  triggerKey: string,
): Promise<string | null> {
  await tx.$executeRaw`
    SELECT pg_advisory_xact_lock(${TRIGGER_KEY_LOCK_CLASS}::int, hashtext(${`${automationId}\n${triggerKey}`}))`;
  const existing = await tx.run.findUnique({
    where: { automationId_triggerKey: { automationId, triggerKey } },
    select: { id: true },
  });
  return existing?.id ?? null;
}
