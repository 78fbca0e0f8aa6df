import type { Task } from "graphile-worker";
import type { PrismaClient } from "../../prisma/client";
import { allSteps, isTerminal, workerGroupOf } from "../engine/index";
import { groupWaitNoticePayloadSchema } from "../groups/notice-waiting-groups";
import { tellOwner } from "../mail/tell-owner";
import { listWords, stepNames } from "../names";
import { topologyForVersion } from "../runs/locked-run";

/**
 * Steps of a run wait for a worker of a group that has none alive: the owner hears it
 * once per run generation and group (noticeStepsWaitingForGroups), in the app and by
 * email — unless the run ended or the steps left meanwhile.
 */
export function makeGroupWaitNoticeTask(prisma: PrismaClient): Task {
  return async (rawPayload) => {
    const { runId, generation, group } = groupWaitNoticePayloadSchema.parse(rawPayload);
    await prisma.$transaction(async (tx) => {
      const run = await tx.run.findUnique({
        where: { id: runId },
        include: { owner: true, automation: { select: { name: true } } },
      });
      if (!run || run.status !== "running" || run.generation !== generation) return;
      const topo = await topologyForVersion(tx, run.versionId);
      const inGroup = new Set(
        allSteps(topo.graph)
          .filter((node) => node.type === "action" && workerGroupOf(node) === group)
          .map((node) => node.id),
      );
      const open = await tx.nodeRun.findMany({
        where: { runId, nodeId: { in: [...inGroup] } },
        select: { nodeId: true, state: true },
      });
      const waiting = [...new Set(open.filter((r) => !isTerminal(r.state)).map((r) => r.nodeId))];
      if (waiting.length === 0) return;
      const label = stepNames(topo.graph);
      const title = `"${run.automation.name}" is waiting for a worker in ${group}`;
      const body = [
        `${listWords(waiting.map((id) => `"${label(id)}"`))} ${waiting.length === 1 ? "runs" : "run"} on the worker group ${group}, and no worker of that group is running.`,
        "The rest of the run goes on meanwhile; these steps start as soon as a worker of the group is back.",
        `Start one with --group ${group} (see the deployment guide, "Worker groups").`,
      ].join(" ");
      await tellOwner(
        tx,
        {
          workspaceId: run.workspaceId,
          owner: run.owner,
          kind: "worker_group_waiting",
          title,
          body,
          runId,
        },
        new Date(),
      );
    });
  };
}
