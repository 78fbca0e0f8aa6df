import { Prisma, type PrismaClient } from "../../prisma/client";

/** Upper bounds (seconds) of the step latency histogram: from fast APIs to the 30 s timeout. */
export const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;

export interface AttemptGroup {
  connector: string;
  /** succeeded | failed | abandoned | … (Attempt.outcome). */
  outcome: string;
  /** null for successes. */
  errorClass: string | null;
  count: number;
  /** Sum of the durations of the finished attempts, in seconds. */
  secondsSum: number;
  /** Cumulative counts per LATENCY_BUCKETS bound (`le`), finished attempts only. */
  buckets: number[];
  /** Finished attempts (the histogram's `+Inf` count). */
  finished: number;
}

interface Row {
  versionId: string;
  nodeId: string;
  outcome: string;
  errorClass: string | null;
  count: number;
  finished: number;
  secondsSum: number;
  buckets: number[];
}

// Versions are immutable, so a node's action (hence its connector) never changes.
const connectorByVersionNode = new Map<string, string>();

/**
 * All finished attempts grouped by connector, outcome and error class, with
 * latency buckets. The Attempt row has no connector, so rows are grouped by
 * (version, node) in SQL and mapped to the node's action through the version's
 * graph. Running attempts (outcome null) are left out.
 */
export async function readAttemptStats(prisma: PrismaClient): Promise<AttemptGroup[]> {
  const duration = Prisma.sql`extract(epoch FROM a."endedAt" - a."startedAt")`;
  const bucketColumns = Prisma.join(
    LATENCY_BUCKETS.map((le) => Prisma.sql`count(*) FILTER (WHERE ${duration} <= ${le})::int`),
  );
  const rows = await prisma.$queryRaw<Row[]>`
    SELECT r."versionId", a."nodeId", a.outcome, a."errorClass",
      count(*)::int AS count,
      count(a."endedAt")::int AS finished,
      coalesce(sum(${duration}), 0)::float8 AS "secondsSum",
      ARRAY[${bucketColumns}] AS buckets
    FROM "Attempt" a JOIN "Run" r ON r.id = a."runId"
    WHERE a.outcome IS NOT NULL
    GROUP BY 1, 2, 3, 4`;
  await loadConnectors(prisma, rows);

  const groups = new Map<string, AttemptGroup>();
  for (const row of rows) {
    const connector = connectorByVersionNode.get(`${row.versionId}:${row.nodeId}`) ?? "unknown";
    const key = `${connector}\u0000${row.outcome}\u0000${row.errorClass ?? ""}`;
    const group = groups.get(key) ?? {
      connector,
      outcome: row.outcome,
      errorClass: row.errorClass,
      count: 0,
      secondsSum: 0,
      buckets: LATENCY_BUCKETS.map(() => 0),
      finished: 0,
    };
    group.count += row.count;
    group.finished += row.finished;
    group.secondsSum += row.secondsSum;
    row.buckets.forEach((n, i) => (group.buckets[i] = (group.buckets[i] ?? 0) + n));
    groups.set(key, group);
  }
  return [...groups.values()];
}

async function loadConnectors(prisma: PrismaClient, rows: Row[]) {
  const missing = [
    ...new Set(
      rows
        .filter((row) => !connectorByVersionNode.has(`${row.versionId}:${row.nodeId}`))
        .map((row) => row.versionId),
    ),
  ];
  if (missing.length === 0) return;
  const versions = await prisma.automationVersion.findMany({
    where: { id: { in: missing } },
    select: { id: true, graph: true },
  });
  for (const version of versions) {
    for (const node of nodesOf(version.graph)) {
      // "slack.post_message" → "slack"; the registry is not needed for the prefix.
      connectorByVersionNode.set(
        `${version.id}:${node.id}`,
        node.action.split(".")[0] ?? "unknown",
      );
    }
  }
}

function nodesOf(graph: unknown): { id: string; action: string }[] {
  const nodes = (graph as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return [];
  return nodes.filter(
    (n): n is { id: string; action: string } =>
      typeof n?.id === "string" && typeof n?.action === "string",
  );
}
