import type { ApprovalRequest, PrismaClient } from "../../prisma/client";
import { stepNames } from "../names";
import { succeededOutputs, toNodeStatus, topologyForVersion } from "../runs/locked-run";
import { hashApprovalToken } from "./approval-tokens";
import { heldActions, type HeldAction } from "./preview";

// Read-only views for the pages and the API: nothing here decides.

export interface ApprovalView {
  request: ApprovalRequest;
  automationName: string;
  /** The gate's display name (R15). */
  gateName: string;
  /** What approving lets happen, from the run's data as it is now. */
  held: HeldAction[];
}

async function withPreview(prisma: PrismaClient, request: ApprovalRequest): Promise<ApprovalView> {
  const run = await prisma.run.findUniqueOrThrow({
    where: { id: request.runId },
    include: { nodeRuns: { where: { item: -1 } }, automation: { select: { name: true } } },
  });
  const topo = await topologyForVersion(prisma, run.versionId);
  const state = Object.fromEntries(run.nodeRuns.map((r) => [r.nodeId, toNodeStatus(r)]));
  return {
    request,
    automationName: run.automation.name,
    gateName: stepNames(topo.graph)(request.nodeId),
    held: heldActions(topo, request.nodeId, {
      trigger: run.triggerPayload,
      steps: succeededOutputs(state),
    }),
  };
}

export type TokenView =
  | { kind: "invalid" }
  | { kind: "used"; usedAt: Date; request: ApprovalRequest }
  | { kind: "expired"; expiresAt: Date }
  | { kind: "decided"; request: ApprovalRequest }
  | ({ kind: "open"; approverEmail: string } & ApprovalView);

/** What an emailed link leads to; the confirmation page shows this and decides nothing. */
export async function approvalForToken(
  prisma: PrismaClient,
  token: string,
  now: Date,
): Promise<TokenView> {
  const row = await prisma.approvalToken.findUnique({
    where: { tokenHash: hashApprovalToken(token) },
    include: { request: true },
  });
  if (!row) return { kind: "invalid" };
  if (row.usedAt) return { kind: "used", usedAt: row.usedAt, request: row.request };
  if (row.request.status !== "pending") return { kind: "decided", request: row.request };
  if (row.expiresAt <= now) return { kind: "expired", expiresAt: row.expiresAt };
  return {
    kind: "open",
    approverEmail: row.approverEmail,
    ...(await withPreview(prisma, row.request)),
  };
}

/** The workspace's requests still waiting, oldest first, each with its preview. */
export async function pendingApprovals(
  prisma: PrismaClient,
  workspaceId: string,
): Promise<ApprovalView[]> {
  const requests = await prisma.approvalRequest.findMany({
    where: { workspaceId, status: "pending" },
    orderBy: { createdAt: "asc" },
    take: 100,
  });
  return Promise.all(requests.map((r) => withPreview(prisma, r)));
}

/** Every request of a run (all generations) with its gate's name, for the run page. */
export async function approvalsOfRun(prisma: PrismaClient, runId: string) {
  const run = await prisma.run.findUnique({ where: { id: runId }, select: { versionId: true } });
  if (!run) return [];
  const name = stepNames((await topologyForVersion(prisma, run.versionId)).graph);
  const requests = await prisma.approvalRequest.findMany({
    where: { runId },
    orderBy: [{ generation: "asc" }, { createdAt: "asc" }],
  });
  return requests.map((request) => ({ ...request, gateName: name(request.nodeId) }));
}
