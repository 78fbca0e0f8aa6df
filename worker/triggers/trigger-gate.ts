import type { Prisma } from "../../prisma/client";

// Arriving events and resume must not interleave: an event that read "paused" and is
// queueing must be committed before resume lists the queue, or it would stay queued on
// an active automation. Events take this lock shared (they never wait for each other),
// resume takes it exclusive. An advisory lock rather than a row lock, because the
// transaction that starts a run may itself update the automation row (auto-pause, when
// the run settles at once) and two such transactions holding FOR SHARE would deadlock.
const TRIGGER_GATE_LOCK_CLASS = 0x7472_6774; // "trgt"

/** Held until the caller's transaction ends; many events at once. */
export async function enterTriggerGate(
  tx: Prisma.TransactionClient,
  automationId: string,
): Promise<void> {
  await tx.$executeRaw`
    SELECT pg_advisory_xact_lock_shared(${TRIGGER_GATE_LOCK_CLASS}::int, hashtext(${automationId}))`;
}

/** Held until the caller's transaction ends; waits for events in flight. */
export async function closeTriggerGate(
  tx: Prisma.TransactionClient,
  automationId: string,
): Promise<void> {
  await tx.$executeRaw`
    SELECT pg_advisory_xact_lock(${TRIGGER_GATE_LOCK_CLASS}::int, hashtext(${automationId}))`;
}
