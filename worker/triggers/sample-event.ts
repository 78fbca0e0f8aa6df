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
 * an answer comes. There is no separate capture store: the sample is a real event (a
 * webhook counts from the moment intake accepted it).
 */
export async function latestSampleEvent(
  prisma: PrismaClient,
  automationId: string,
  since?: Date,
): Promise<SampleEvent | null> {
  const after = since ? { gt: since } : undefined;
  const [run, queued, webhook] = await Promise.all([
    prisma.run.findFirst({
      where: { automationId, createdAt: after },
      orderBy: { createdAt: "desc" },
      select: { triggerKind: true, createdAt: true, triggerPayload: true },
    }),
    prisma.pendingTriggerEvent.findFirst({
      where: { automationId, receivedAt: after },
      orderBy: { receivedAt: "desc" },
    }),
    // Accepted webhooks show at once, before the worker has started their runs.
    prisma.webhookEvent.findFirst({
      where: { automationId, receivedAt: after },
      orderBy: { receivedAt: "desc" },
      select: { receivedAt: true, payload: true },
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
  const fromWebhook = webhook && { kind: "webhook", ...webhook };
  let newest: SampleEvent | null = null;
  for (const event of [fromRun, fromQueue, fromWebhook]) {
    if (event && (!newest || event.receivedAt > newest.receivedAt)) newest = event;
  }
  return newest;
}
