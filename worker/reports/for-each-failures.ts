import type { Prisma } from "../../prisma/client";
import type { Topology } from "../engine/index";

/** The failed items of one for-each, grouped by what went wrong (for reports and notices). */
export interface ItemFailures {
  total: number;
  failed: number;
  /** Largest group first; at most MAX_GROUPS. */
  groups: ItemFailureGroup[];
}

export interface ItemFailureGroup {
  /** The body step that failed. */
  stepId: string;
  errorClass: string | null;
  /** The first item's message (messages often quote the item's own data). */
  message: string | null;
  httpStatus: number | null;
  items: number;
  /** The first items of the group, by index (0-based). */
  firstItems: number[];
}

const MAX_GROUPS = 5;
const FIRST_ITEMS = 5;

/**
 * For every for-each node of the run: how many items it has, how many failed in the
 * current generation's view (an item that failed earlier and succeeded on retry is not
 * failed), and the failures grouped by step, error class and HTTP status, each with its first items. Reads
 * only the failed items' failed steps and their last attempts.
 */
export async function loadItemFailures(
  tx: Prisma.TransactionClient,
  runId: string,
  topo: Topology,
): Promise<Record<string, ItemFailures>> {
  const forEachNodes = topo.graph.nodes.filter((n) => n.type === "foreach");
  if (forEachNodes.length === 0) return {};
  const forEachIds = forEachNodes.map((n) => n.id);
  // Each body step with its for-each: an index matches items of every for-each.
  const body = forEachNodes.flatMap((n) => (n.forEach?.body.nodes ?? []).map((s) => [s.id, n.id]));
  const stepIds = body.map(([step]) => step!);
  const owners = body.map(([, owner]) => owner!);
  const counts = await tx.$queryRaw<{ nodeId: string; total: number; failed: number }[]>`
    SELECT "nodeId", count(*)::int AS total, count(*) FILTER (WHERE state = 'failed')::int AS failed
    FROM "ForEachItem" WHERE "runId" = ${runId} AND "nodeId" = ANY(${forEachIds}::text[])
    GROUP BY 1`;
  const groups = await tx.$queryRaw<(ItemFailureGroup & { forEachId: string })[]>`
    SELECT i."nodeId" AS "forEachId", s."nodeId" AS "stepId", a."errorClass",
           (array_agg(a.message ORDER BY i.index))[1] AS message,
           a."httpStatus", count(*)::int AS items,
           (array_agg(i.index ORDER BY i.index))[1:${FIRST_ITEMS}] AS "firstItems"
    FROM "ForEachItem" AS i
    JOIN "NodeRun" AS s ON s."runId" = i."runId" AND s.item = i.index AND s.state = 'failed'
    JOIN unnest(${stepIds}::text[], ${owners}::text[]) AS b(step, owner)
      ON b.step = s."nodeId" AND b.owner = i."nodeId"
    LEFT JOIN LATERAL (
      SELECT "errorClass", message, "httpStatus" FROM "Attempt"
      WHERE "nodeRunId" = s.id ORDER BY generation DESC, number DESC LIMIT 1
    ) AS a ON true
    WHERE i."runId" = ${runId} AND i."nodeId" = ANY(${forEachIds}::text[]) AND i.state = 'failed'
    GROUP BY 1, 2, 3, 5
    ORDER BY items DESC, min(i.index)`;
  const result: Record<string, ItemFailures> = {};
  for (const c of counts) {
    if (c.failed === 0) continue;
    result[c.nodeId] = {
      total: c.total,
      failed: c.failed,
      groups: groups
        .filter((g) => g.forEachId === c.nodeId)
        .slice(0, MAX_GROUPS)
        .map(({ forEachId: _, ...g }) => g),
    };
  }
  return result;
}
