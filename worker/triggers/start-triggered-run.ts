import type { Prisma } from "../../prisma/client";
import { asJsonColumn } from "../../prisma/storable";
import type { RunTriggerKind } from "../engine/types";
import { AppError } from "../errors";
import { startRunInTx } from "../runs/start-run";
import { lockTriggerKey } from "../runs/trigger-key";
import { enterTriggerGate } from "./trigger-gate";

export interface TriggerEvent {
  automationId: string;
  kind: RunTriggerKind;
  /** The event's identity; a repeat of a key never starts a second run. */
  key?: string;
  payload: unknown;
  /**
   * Set for events already answered 202 (the webhook inbox): if the automation was paused
   * since, the event waits for resume even where new events are refused — accepted
   * events are never dropped. Its time of arrival orders it in the queue.
   */
  acceptedAt?: Date;
  /** The webhook inbox's event id: a queued event keeps it, so resume can record its run. */
  eventId?: string;
}

export type TriggerStart =
  | { status: "started"; runId: string; created: boolean }
  /** Paused with queueWhilePaused: the event waits in PendingTriggerEvent for resume. */
  | { status: "queued"; eventId: string }
  /** Paused without queueing: nothing was stored. */
  | { status: "refused" };

/**
 * Where an event goes, decided and stored in the caller's transaction: its existing run
 * (a repeat), a new run on the latest version, the pause queue, or nowhere (paused).
 * When the transaction commits, the run and its first jobs exist: the promise behind
 * every "accepted" answer.
 */
export async function startTriggeredRun(
  tx: Prisma.TransactionClient,
  event: TriggerEvent,
): Promise<TriggerStart> {
  await enterTriggerGate(tx, event.automationId);
  const automation = await tx.automation.findUnique({ where: { id: event.automationId } });
  if (!automation) throw new AppError("not_found", "No such automation");
  if (event.key !== undefined) {
    const existing = await lockTriggerKey(tx, automation.id, event.key);
    if (existing) return { status: "started", runId: existing, created: false };
  }
  const payload = (event.payload ?? {}) as Prisma.InputJsonValue;
  if (automation.status === "paused") {
    if (!automation.queueWhilePaused && !event.acceptedAt) return { status: "refused" };
    const queued =
      event.key === undefined
        ? null
        : await tx.pendingTriggerEvent.findUnique({
            where: {
              automationId_triggerKey: { automationId: automation.id, triggerKey: event.key },
            },
          });
    const row =
      queued ??
      (await tx.pendingTriggerEvent.create({
        data: {
          ...(event.eventId && { id: event.eventId }),
          automationId: automation.id,
          triggerKind: event.kind,
          triggerKey: event.key ?? null,
          payload: asJsonColumn(payload),
          ...(event.acceptedAt && { receivedAt: event.acceptedAt }),
        },
      }));
    return { status: "queued", eventId: row.id };
  }
  // Only the version's id: its topology is cached per process (startRunInTx).
  const version = await tx.automationVersion.findFirst({
    where: { automationId: automation.id },
    orderBy: { number: "desc" },
    select: { id: true, automationId: true, workspaceId: true },
  });
  if (!version) throw new AppError("not_found", "The automation has no saved version");
  const started = await startRunInTx(
    tx,
    {
      versionId: version.id,
      ownerId: automation.ownerId,
      triggerPayload: payload,
      triggerKind: event.kind,
      triggerKey: event.key,
    },
    { version, keyLocked: event.key !== undefined },
  );
  return { status: "started", ...started };
}
