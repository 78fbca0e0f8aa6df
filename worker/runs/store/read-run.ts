import type { Attempt, NodeRun, Run, RunGeneration } from "../../../prisma/client";
import { rows, type SqlClient } from "./sql";

// Prisma's DateTime columns are `timestamp(3)` holding UTC; read through a `pg` client they
// must be parsed as UTC (readRunPool's type parser), through Prisma they already are.

export interface RunRecord extends Run {
  automation: { id: string; name: string };
  /** The graph's own nodes; for-each items are paged apart (for-each-view.ts). */
  nodeRuns: NodeRun[];
  /** Attempts of the graph's own nodes, oldest generation first, then by start. */
  attempts: Attempt[];
  generations: (RunGeneration & { version: { number: number } })[];
}

/**
 * A run with its nodes, its generations and every attempt, for display — null when it
 * does not exist or (given `workspaceId`) belongs to another workspace.
 */
export async function readRun(
  client: SqlClient,
  runId: string,
  workspaceId?: string,
): Promise<RunRecord | null> {
  const [run] = await rows<Run & { automationName: string }>(
    client,
    "sy_read_run",
    `SELECT r.*, a.name AS "automationName"
       FROM "Run" r JOIN "Automation" a ON a.id = r."automationId"
      WHERE r.id = $1 AND ($2::text IS NULL OR r."workspaceId" = $2)`,
    [runId, workspaceId ?? null],
  );
  if (!run) return null;
  const nodeRuns = await rows<NodeRun>(
    client,
    "sy_read_run_nodes",
    `SELECT * FROM "NodeRun" WHERE "runId" = $1 AND item = -1`,
    [runId],
  );
  const attempts = await rows<Attempt>(
    client,
    "sy_read_run_attempts",
    `SELECT t.* FROM "Attempt" t JOIN "NodeRun" n ON n.id = t."nodeRunId"
      WHERE t."runId" = $1 AND n.item = -1
      ORDER BY t.generation, t."startedAt"`,
    [runId],
  );
  const generations = await rows<RunGeneration & { versionNumber: number }>(
    client,
    "sy_read_run_generations",
    `SELECT g.*, v.number AS "versionNumber"
       FROM "RunGeneration" g JOIN "AutomationVersion" v ON v.id = g."versionId"
      WHERE g."runId" = $1 ORDER BY g.generation`,
    [runId],
  );
  const { automationName, ...runColumns } = run;
  return {
    ...runColumns,
    automation: { id: run.automationId, name: automationName },
    nodeRuns,
    attempts,
    generations: generations.map(({ versionNumber, ...g }) => ({
      ...g,
      version: { number: versionNumber },
    })),
  };
}
