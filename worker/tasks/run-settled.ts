import type { Task } from "graphile-worker";
import type { PrismaClient } from "../../prisma/client";
import type { KeyRing } from "../connections/crypto";
import { runSettledPayloadSchema } from "../queue/lifecycle-jobs";
import { enqueueRunReport } from "../reports/enqueue-report";
import { loadRun } from "../runs/locked-run";
import { countRunForAutoPause } from "../triggers/auto-pause";

/**
 * What follows a run's end (R11): its per-branch report and its count towards
 * auto-pause, once per generation (settledGeneration), however often the job runs.
 * Enqueued by the transaction that ended the run; rendered here, outside its lock.
 */
export function makeRunSettledTask(prisma: PrismaClient, ring: KeyRing): Task {
  return async (rawPayload) => {
    const { runId, generation } = runSettledPayloadSchema.parse(rawPayload);
    await prisma.$transaction(async (tx) => {
      const claimed = await tx.run.updateMany({
        where: {
          id: runId,
          generation,
          status: { not: "running" },
          settledGeneration: { lt: generation },
        },
        data: { settledGeneration: generation },
      });
      if (claimed.count === 0) return; // done already, or a retry started meanwhile
      const run = await loadRun(tx, runId);
      if (!run) return;
      const endedAt = run.run.endedAt ?? new Date();
      await enqueueRunReport(tx, ring, run, run.run.status, run.state, endedAt);
      await countRunForAutoPause(tx, run, run.run.status, endedAt);
    });
  };
}
