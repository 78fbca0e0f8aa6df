import type { PrismaClient } from "../../../prisma/client";
import { gateStats, type GateStats } from "../../../worker/approvals/gate-stats";
import type { Graph, GraphNode } from "../../../worker/engine/types";
import { AppError } from "../../../worker/errors";
import type { Actor } from "../../_lib/actor-type";

/** A gate approved every time over at least this many decisions could be retired. */
export const RETIRE_AFTER_DECISIONS = 10;

export interface GateRecord extends GateStats {
  /** The node's name in the latest version, if it has one. */
  name: string | null;
  /** false: a later version removed the gate; its record stays. */
  inLatestVersion: boolean;
  /** Approved every time over at least RETIRE_AFTER_DECISIONS decisions. */
  retireHint: boolean;
}

/**
 * Each approval gate's record across all runs of one automation of the actor's
 * workspace (gateStats), in the latest version's node order; not_found otherwise.
 */
export async function gateRecordsForActor(
  prisma: PrismaClient,
  actor: Actor,
  automationId: string,
): Promise<GateRecord[]> {
  const automation = await prisma.automation.findFirst({
    where: { id: automationId, workspaceId: actor.workspaceId },
    select: { versions: { orderBy: { number: "desc" }, take: 1, select: { graph: true } } },
  });
  if (!automation) throw new AppError("not_found", `Automation ${automationId} not found`);
  const latest = automation.versions[0]?.graph as unknown as Graph | undefined;
  return gateRecords(latest?.nodes ?? [], await gateStats(prisma, actor.workspaceId, automationId));
}

/** Pure: stats joined with the latest version's nodes, plus the retire hint. */
export function gateRecords(latestNodes: GraphNode[], stats: GateStats[]): GateRecord[] {
  const position = new Map(latestNodes.map((node, i) => [node.id, i]));
  return stats
    .map((s) => {
      const node = latestNodes.find((n) => n.id === s.nodeId);
      const inLatestVersion = node?.type === "approval";
      const decided = s.approved + s.rejected + s.expired;
      return {
        ...s,
        name: node?.name ?? null,
        inLatestVersion,
        retireHint: inLatestVersion && decided >= RETIRE_AFTER_DECISIONS && s.approved === decided,
      };
    })
    .sort(
      (a, b) =>
        (position.get(a.nodeId) ?? Infinity) - (position.get(b.nodeId) ?? Infinity) ||
        a.nodeId.localeCompare(b.nodeId),
    );
}
