import type { Prisma, PrismaClient } from "../../prisma/client";
import type { VersionReplayPlan } from "../engine/index";
import { AppError } from "../errors";
import { topologyForVersion } from "./locked-run";

/** How many of a for-each's items its node's output carries in a run's details. */
export const FOR_EACH_ITEMS_IN_RUN = 50;

// A for-each's output as stored lists every item (up to 10,000) and the outputs of those
// that succeeded; the run's details carry its counts and its first items, cut in the
// database so the rest is never read out. The items endpoint pages all of them.
const FOR_EACH_SUMMARIES = `
SELECT "nodeId",
       CASE WHEN jsonb_typeof(output -> 'items') = 'array' THEN
         jsonb_build_object(
           'total', output -> 'total',
           'succeededCount', output -> 'succeededCount',
           'failedCount', output -> 'failedCount',
           'items', COALESCE((SELECT jsonb_agg(e.item ORDER BY e.n)
                              FROM jsonb_array_elements(output -> 'items') WITH ORDINALITY AS e(item, n)
                              WHERE e.n <= $3), '[]'::jsonb))
       ELSE output END AS output
FROM "NodeRun" WHERE "runId" = $1 AND item = -1 AND "nodeId" = ANY($2::text[])`;

/**
 * A run with its nodes, its generations and every attempt of every generation, for
 * display. A for-each node's output holds its counts and its first items only.
 */
export async function getRun(prisma: PrismaClient, runId: string) {
  const run = await prisma.run.findUnique({
    where: { id: runId },
    include: {
      automation: { select: { id: true, name: true } },
      attempts: {
        where: { nodeRun: { item: -1 } },
        orderBy: [{ generation: "asc" }, { startedAt: "asc" }],
      },
      generations: {
        orderBy: { generation: "asc" },
        include: { version: { select: { number: true } } },
      },
    },
  });
  if (!run) throw new AppError("not_found", `Run ${runId} not found`);
  const topo = await topologyForVersion(prisma, run.versionId);
  const forEachIds = topo.graph.nodes.filter((node) => node.forEach).map((node) => node.id);
  // The graph's own nodes; for-each items are paged apart (list-for-each-items.ts).
  const [others, forEachRows, summaries] = await Promise.all([
    prisma.nodeRun.findMany({ where: { runId, item: -1, nodeId: { notIn: forEachIds } } }),
    prisma.nodeRun.findMany({
      where: { runId, item: -1, nodeId: { in: forEachIds } },
      omit: { output: true },
    }),
    forEachIds.length > 0
      ? prisma.$queryRawUnsafe<{ nodeId: string; output: Prisma.JsonValue }[]>(
          FOR_EACH_SUMMARIES,
          runId,
          forEachIds,
          FOR_EACH_ITEMS_IN_RUN,
        )
      : [],
  ]);
  const summary = new Map(summaries.map((s) => [s.nodeId, s.output]));
  // The nodes of the version the run runs on; those of a version it moved away from
  // are history (their attempts stay in `attempts`).
  const nodeRuns = [
    ...others,
    ...forEachRows.map((row) => ({ ...row, output: summary.get(row.nodeId) ?? null })),
  ].filter((row) => topo.nodesById.has(row.nodeId));
  // Plans are written by retryOnLatestVersion only: trusted, typed here.
  const generations = run.generations.map((g) => ({
    ...g,
    plan: g.plan as VersionReplayPlan | null,
  }));
  return { ...run, nodeRuns, generations, topo };
}

export type RunDetails = Awaited<ReturnType<typeof getRun>>;
