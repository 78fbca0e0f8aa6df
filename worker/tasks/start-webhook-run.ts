import type { Task } from "graphile-worker";
import type { Prisma, PrismaClient } from "../../prisma/client";
import { isDatabaseUnavailable } from "../../prisma/unavailable";
import { startWebhookRunPayloadSchema } from "../queue/webhook-jobs";
import { startTriggeredRun } from "../triggers/start-triggered-run";

/**
 * start_webhook_run: the run of one accepted webhook event (intake stored the event and
 * this job together). Started, or queued while the automation is paused, in one
 * transaction that also marks the event handled — so a retried job starts nothing twice.
 */
export function makeStartWebhookRunTask(prisma: PrismaClient): Task {
  return async (rawPayload) => {
    const { eventId } = startWebhookRunPayloadSchema.parse(rawPayload);
    // Right after a database restart, or on a loaded machine, the pool may hand out dead
    // connections or none in time; a failed job would wait graphile-worker's growing
    // back-off (seconds, then minutes), so short trouble is ridden out here, where the
    // sender was already told 202. The start is idempotent (the event's handledAt).
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await prisma.$transaction((tx) => startEventRun(tx, eventId), {
          maxWait: 10_000,
          timeout: 30_000,
        });
      } catch (err) {
        if (attempt >= 20) throw err;
        await new Promise((resolve) => setTimeout(resolve, isDatabaseUnavailable(err) ? 500 : 250));
      }
    }
  };
}

async function startEventRun(tx: Prisma.TransactionClient, eventId: string): Promise<void> {
  const [event] = await tx.$queryRaw<
    {
      automationId: string;
      dedupeKey: string | null;
      payload: unknown;
      receivedAt: Date;
      handledAt: Date | null;
    }[]
  >`SELECT "automationId", "dedupeKey", payload, "receivedAt", "handledAt"
    FROM "WebhookEvent" WHERE id = ${eventId} FOR UPDATE`;
  // Gone with its automation (deleted), or handled by an earlier try of this job.
  if (!event || event.handledAt) return;
  const start = await startTriggeredRun(tx, {
    automationId: event.automationId,
    kind: "webhook",
    key: event.dedupeKey ?? undefined,
    payload: event.payload,
    acceptedAt: event.receivedAt,
    eventId,
  });
  await tx.webhookEvent.update({
    where: { id: eventId },
    data: { handledAt: new Date(), runId: start.status === "started" ? start.runId : null },
  });
}
