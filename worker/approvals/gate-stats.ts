import type { PrismaClient } from "../../prisma/client";

export interface GateStats {
  nodeId: string;
  approved: number;
  rejected: number;
  expired: number;
  pending: number;
  /** Median time from request to decision, over decided requests; null when none. */
  medianWaitMs: number | null;
}

/** The builder's record of each approval gate of an automation, across all its runs. */
export async function gateStats(
  prisma: PrismaClient,
  workspaceId: string,
  automationId: string,
): Promise<GateStats[]> {
  const requests = await prisma.approvalRequest.findMany({
    where: { workspaceId, run: { automationId } },
    select: { nodeId: true, status: true, createdAt: true, decidedAt: true },
  });
  const byNode = new Map<string, typeof requests>();
  for (const r of requests) byNode.set(r.nodeId, [...(byNode.get(r.nodeId) ?? []), r]);
  return [...byNode].map(([nodeId, rows]) => {
    const waits = rows
      .filter((r) => r.decidedAt)
      .map((r) => r.decidedAt!.getTime() - r.createdAt.getTime())
      .sort((a, b) => a - b);
    const count = (status: string) => rows.filter((r) => r.status === status).length;
    return {
      nodeId,
      approved: count("approved"),
      rejected: count("rejected"),
      expired: count("expired"),
      pending: count("pending"),
      medianWaitMs: median(waits),
    };
  });
}

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
