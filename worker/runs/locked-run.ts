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

export async function topologyForVersion(tx: Tx, versionId: string): Promise<Topology> {
  const cached = topologyCache.get(versionId);
  if (cached) return cached;
  const version = await tx.automationVersion.findUniqueOrThrow({ where: { id: versionId } });
  // Stored graphs were validated on save; parsing here is the cheap type guard.
  const topo = buildTopology(graphSchema.parse(version.graph));
  if (topologyCache.size >= TOPOLOGY_CACHE_LIMIT) {
    const oldest = topologyCache.keys().next().value;
    if (oldest !== undefined) topologyCache.delete(oldest);
  }
  topologyCache.set(versionId, topo);
  return topo;
}

export function toNodeStatus(row: NodeRun): NodeStatus {
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
    SELECT id FROM "Run" WHERE id = ${runId} FOR UPDATE`;
  if (locked.length === 0) return null;
  const run = await tx.run.findUniqueOrThrow({ where: { id: runId } });
  const [topo, nodeRows] = await Promise.all([
    topologyForVersion(tx, run.versionId),
    tx.nodeRun.findMany({ where: { runId } }),
  ]);
  const rows = new Map(nodeRows.map((r) => [r.nodeId, r]));
  const state: RunState = {};
  for (const row of nodeRows) state[row.nodeId] = toNodeStatus(row);
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
