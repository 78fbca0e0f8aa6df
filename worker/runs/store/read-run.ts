import type { Attempt, NodeRun, Run, RunGeneration } from "../../../prisma/client";
import { rows, type SqlClient } from "./sql";
import { versionTopology } from "./version-topology";

/** How many of a for-each's items its node's output carries in a run's details. */
export const FOR_EACH_ITEMS_IN_RUN = 50;

// The graph's own nodes. A for-each's output as stored lists every item (up to 10,000)
// and the outputs of those that succeeded; here it carries its counts (with the items
// that kept an earlier generation's success) and its first items, cut in the database
// so the rest is never read out (the items endpoint pages them all).
// jsonb_populate_record keeps every other column as stored.
const READ_NODES = `
SELECT shown.* FROM "NodeRun" n,
LATERAL jsonb_populate_record(n, CASE
  WHEN n."nodeId" = ANY($2::text[]) AND jsonb_typeof(n.output -> 'items') = 'array' THEN
    jsonb_build_object('output', jsonb_build_object(
      'total', n.output -> 'total',
      'succeededCount', n.output -> 'succeededCount',
      'failedCount', n.output -> 'failedCount',
      'keptCount', (SELECT count(*) FROM "ForEachItem" i
                    WHERE i."runId" = n."runId" AND i."nodeId" = n."nodeId"
                      AND i.state = 'succeeded' AND i.generation < n.generation),
      'items', COALESCE((SELECT jsonb_agg(e.item ORDER BY e.pos)
                         FROM jsonb_array_elements(n.output -> 'items') WITH ORDINALITY AS e(item, pos)
                         WHERE e.pos <= $3), '[]'::jsonb)))
  ELSE '{}'::jsonb END
  -- A step's output kept in its worker group: its sealed whole is never read out.
  || '{"groupOutput": null}'::jsonb) AS shown
WHERE n."runId" = $1 AND n.item = -1`;

// Prisma's DateTime columns are `timestamp(3)` holding UTC; read through a `pg` client they
// must be parsed as UTC (readRunPool's type parser), through Prisma they already are.

export interface RunRecord extends Run {
  automation: { id: string; name: string };
  /**
   * The graph's own nodes; for-each items are paged apart (list-for-each-items.ts), and a
   * for-each's output carries its counts and first items only.
   */
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
  const topo = await versionTopology(client, run.versionId);
  const forEachIds = topo.graph.nodes.filter((node) => node.forEach).map((node) => node.id);
  const nodeRuns = await rows<NodeRun>(client, "sy_read_run_nodes", READ_NODES, [
    runId,
    forEachIds,
    FOR_EACH_ITEMS_IN_RUN,
  ]);
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
