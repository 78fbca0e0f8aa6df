import type { PrismaClient } from "../../prisma/client";

export interface SampleEvent {
  kind: string;
  receivedAt: Date;
  payload: unknown;
}

/**
 * The newest event that reached the automation's trigger (a started run's payload, or
 * one queued while paused), for the builder's template picks. "Listen for a test event":
 * the builder notes the time, asks the sender to send one, and asks with `since` until
 * an answer comes. There is no separate capture store: the sample is a real event.
 */
export async function latestSampleEvent(
  prisma: PrismaClient,
  automationId: string,
  since?: Date,
): Promise<SampleEvent | null> {
  const after = since ? { gt: since } : undefined;
  const [run, queued] = await Promise.all([
    prisma.run.findFirst({
      where: { automationId, createdAt: after },
      orderBy: { createdAt: "desc" },
      select: { triggerKind: true, createdAt: true, triggerPayload: true },
    }),
    prisma.pendingTriggerEvent.findFirst({
      where: { automationId, receivedAt: after },
      orderBy: { receivedAt: "desc" },
    }),
  ]);
  const fromRun = run && {
    kind: run.triggerKind,
    receivedAt: run.createdAt,
    payload: run.triggerPayload,
  };
  const fromQueue = queued && {
    kind: queued.triggerKind,
    receivedAt: queued.receivedAt,
    payload: queued.payload,
  };
  if (!fromRun || !fromQueue) return fromRun ?? fromQueue ?? null;
  return fromRun.receivedAt >= fromQueue.receivedAt ? fromRun : fromQueue;
}
