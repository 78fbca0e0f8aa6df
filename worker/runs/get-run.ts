import type { PrismaClient } from "../../prisma/client";
import { AppError } from "../errors";
import { topologyForVersion } from "./locked-run";

/** A run with its nodes and every attempt of every generation, for display. */
export async function getRun(prisma: PrismaClient, runId: string) {
  const run = await prisma.run.findUnique({
    where: { id: runId },
    include: {
      automation: { select: { id: true, name: true } },
      nodeRuns: true,
      attempts: { orderBy: [{ generation: "asc" }, { startedAt: "asc" }] },
    },
  });
  if (!run) throw new AppError("not_found", `Run ${runId} not found`);
  const topo = await topologyForVersion(prisma, run.versionId);
  return { ...run, topo };
}

export type RunDetails = Awaited<ReturnType<typeof getRun>>;
