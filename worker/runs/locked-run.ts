import type { NodeRun, Prisma, Run } from "../../prisma/client";
import { buildTopology, graphSchema, type Topology } from "../engine/index";
import type { NodeStatus, RunState } from "../engine/types";

type Tx = Prisma.TransactionClient;

export interface LockedRun {
  run: Run;
  topo: Topology;
  rows: Map<string, NodeRun>;
  state: RunState;
}

// Versions are immutable, so a parsed topology can be reused for every
// completion of every run pinned to that version.
const topologyCache = new Map<string, Topology>();
const TOPOLOGY_CACHE_LIMIT = 500;

export function topologyForVersion(tx: Tx, versionId: string): Promise<Topology> {
  return cachedTopology(versionId, async () => {
    const version = await tx.automationVersion.findUniqueOrThrow({ where: { id: versionId } });
    return version.graph;
  });
}

/** The version's topology from the cache, or built from the graph `loadGraph` reads. */
export async function cachedTopology(
  versionId: string,
  loadGraph: () => Promise<unknown>,
): Promise<Topology> {
  const cached = topologyCache.get(versionId);
  if (cached) return cached;
  // Stored graphs were validated on save; parsing here is the cheap type guard.
  const topo = buildTopology(graphSchema.parse(await loadGraph()));
  if (topologyCache.size >= TOPOLOGY_CACHE_LIMIT) {
    const oldest = topologyCache.keys().next().value;
    if (oldest !== undefined) topologyCache.delete(oldest);
  }
  topologyCache.set(versionId, topo);
  return topo;
}

/** A node row's columns the engine reads, from Prisma or from the run store's SQL. */
export interface NodeStatusRow {
  state: NodeStatus["state"];
  reason: string | null;
  blockedBy: string[];
  rootCause: string[];
  output: unknown;
}

export function toNodeStatus(row: NodeStatusRow): NodeStatus {
  return {
    state: row.state,
    reason: (row.reason as NodeStatus["reason"]) ?? null,
    blockedBy: row.blockedBy,
    rootCause: row.rootCause,
    output: row.output ?? undefined,
  };
}

/**
 * Locks the run row for the rest of the transaction, then loads its nodes.
 * Every state change of a run happens under this lock, so concurrent sibling
 * completions decide a shared child exactly once.
 */
export async function lockRun(tx: Tx, runId: string): Promise<LockedRun | null> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Run" WHERE id = ${runId} FOR NO KEY UPDATE`;
  if (locked.length === 0) return null;
  return loadRun(tx, runId);
}

/** The run with all its nodes, read without locking it (for work that follows a milestone). */
export async function loadRun(tx: Tx, runId: string): Promise<LockedRun | null> {
  const run = await tx.run.findUnique({ where: { id: runId } });
  if (!run) return null;
  // One after the other: a transaction is one connection, which runs one query at a time.
  const topo = await topologyForVersion(tx, run.versionId);
  // Steps of for-each bodies (item >= 0) are the run store's (store/for-each-*.ts).
  const nodeRows = await tx.nodeRun.findMany({ where: { runId, item: -1 } });
  const rows = new Map(nodeRows.map((r) => [r.nodeId, r]));
  // A node of an earlier version the run moved away from keeps its row as history only.
  const state: RunState = {};
  for (const row of nodeRows) {
    if (topo.nodesById.has(row.nodeId)) state[row.nodeId] = toNodeStatus(row);
  }
  return { run, topo, rows, state };
}

/** Outputs of succeeded nodes, keyed by node id: what templates may read (R6). */
export function succeededOutputs(state: RunState): Record<string, unknown> {
  const steps: Record<string, unknown> = {};
  for (const [nodeId, status] of Object.entries(state)) {
    if (status.state === "succeeded") steps[nodeId] = status.output ?? null;
  }
  return steps;
}
