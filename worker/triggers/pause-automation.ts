import type { Prisma, PrismaClient } from "../../prisma/client";
import { AppError } from "../errors";

export interface PauseOptions {
  /** Shown to the owner, e.g. "Paused by Ada" or the auto-pause explanation. */
  reason: string;
  /** While paused, queue arriving events (true) or refuse them (false); unset keeps the setting. */
  queueWhilePaused?: boolean;
  now?: Date;
}

/**
 * Stops new runs: webhooks and polled items are refused or queued (queueWhilePaused),
 * schedule ticks are skipped. Runs already started go on. Pausing twice keeps the first
 * pause's reason and time.
 */
export function pauseAutomation(
  prisma: PrismaClient,
  automationId: string,
  options: PauseOptions,
): Promise<void> {
  return prisma.$transaction((tx) => pauseAutomationInTx(tx, automationId, options));
}

export async function pauseAutomationInTx(
  tx: Prisma.TransactionClient,
  automationId: string,
  options: PauseOptions,
): Promise<void> {
  const automation = await tx.automation.findUnique({ where: { id: automationId } });
  if (!automation) throw new AppError("not_found", "No such automation");
  const alreadyPaused = automation.status === "paused";
  await tx.automation.update({
    where: { id: automationId },
    data: {
      status: "paused",
      pausedReason: alreadyPaused ? automation.pausedReason : options.reason,
      pausedAt: alreadyPaused ? automation.pausedAt : (options.now ?? new Date()),
      ...(options.queueWhilePaused !== undefined && {
        queueWhilePaused: options.queueWhilePaused,
      }),
    },
  });
}
