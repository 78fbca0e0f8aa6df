import type { PrismaClient } from "../../prisma/client";
import type { RunTriggerKind } from "../engine/types";
import { AppError } from "../errors";
import { startRunInTx } from "../runs/start-run";
import { latestVersion } from "./latest-version";
import { closeTriggerGate } from "./trigger-gate";

/**
 * Makes the automation active again and starts a run for every event queued while it
 * was paused, oldest first, on the latest version — in one transaction with the status
 * change, so a queued event is either still queued or has its run, never neither.
 * The failure streak starts from zero.
 */
export async function resumeAutomation(
  prisma: PrismaClient,
  automationId: string,
): Promise<{ runIds: string[] }> {
  return prisma.$transaction(
    async (tx) => {
      await closeTriggerGate(tx, automationId);
      const automation = await tx.automation.findUnique({ where: { id: automationId } });
      if (!automation) throw new AppError("not_found", "No such automation");
      await tx.automation.update({
        where: { id: automationId },
        data: { status: "active", pausedReason: null, pausedAt: null, consecutiveFailures: 0 },
      });
      const events = await tx.pendingTriggerEvent.findMany({
        where: { automationId },
        orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
      });
      if (events.length === 0) return { runIds: [] };
      const version = await latestVersion(tx, automationId);
      if (!version) throw new AppError("not_found", "The automation has no saved version");
      const runIds: string[] = [];
      for (const event of events) {
        const started = await startRunInTx(tx, {
          versionId: version.id,
          ownerId: automation.ownerId,
          triggerPayload: event.payload,
          // Written by startTriggeredRun from a RunTriggerKind.
          triggerKind: event.triggerKind as RunTriggerKind,
          triggerKey: event.triggerKey ?? undefined,
        });
        runIds.push(started.runId);
      }
      // Queued webhooks keep their inbox id (start-webhook-run.ts): their run is known now.
      await tx.$executeRaw`
        UPDATE "WebhookEvent" e SET "runId" = r.id
        FROM unnest(${events.map((e) => e.id)}::text[], ${runIds}::text[]) AS r(event, id)
        WHERE e.id = r.event`;
      await tx.pendingTriggerEvent.deleteMany({ where: { id: { in: events.map((e) => e.id) } } });
      return { runIds };
    },
    // A long queue means many runs in one commit; give it room.
    { timeout: 60_000 },
  );
}
