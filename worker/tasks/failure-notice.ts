import type { Task } from "graphile-worker";
import type { PrismaClient } from "../../prisma/client";
import { failureNoticePayloadSchema } from "../queue/lifecycle-jobs";
import { enqueueFailureNotice } from "../reports/enqueue-notice";
import { loadRun } from "../runs/locked-run";

/**
 * R14: a step failed for good while the run went on. Enqueued by the transaction that
 * recorded the failure; at most once per generation (noticedGeneration), and not at all
 * once the run has ended meanwhile: its report says it all.
 */
export function makeFailureNoticeTask(prisma: PrismaClient): Task {
  return async (rawPayload) => {
    const { runId, generation } = failureNoticePayloadSchema.parse(rawPayload);
    await prisma.$transaction(async (tx) => {
      const claimed = await tx.run.updateMany({
        where: { id: runId, generation, status: "running", noticedGeneration: { lt: generation } },
        data: { noticedGeneration: generation },
      });
      if (claimed.count === 0) return;
      const run = await loadRun(tx, runId);
      if (run) await enqueueFailureNotice(tx, run, new Date());
    });
  };
}
