import type { PrismaClient } from "../../prisma/client";
import { ensureLocalOwner } from "../../worker/automations/ensure-local-owner";
import { saveAutomationVersion } from "../../worker/automations/save-version";
import type { Graph } from "../../worker/engine/types";
import { startRun } from "../../worker/runs/start-run";

/**
 * Saves the graph as an automation version of `owner` (default: the local
 * operator, created on first use), then starts a run.
 */
export async function startGraphRun(
  prisma: PrismaClient,
  graph: Graph,
  payload: unknown = {},
  owner?: { userId: string; workspaceId: string },
) {
  owner ??= await ensureLocalOwner(prisma);
  const saved = await saveAutomationVersion(prisma, {
    workspaceId: owner.workspaceId,
    ownerId: owner.userId,
    automationName: `test-${Math.random().toString(36).slice(2, 8)}`,
    graph,
  });
  const { runId } = await startRun(prisma, {
    versionId: saved.versionId,
    ownerId: owner.userId,
    triggerPayload: payload,
  });
  return runId;
}

/** Polls until the run leaves `running`, returning it with nodes and attempts. */
export async function waitForRunEnd(prisma: PrismaClient, runId: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await prisma.run.findUniqueOrThrow({
      where: { id: runId },
      include: { nodeRuns: true, attempts: { orderBy: { startedAt: "asc" } } },
    });
    if (run.status !== "running") {
      return {
        ...run,
        node: (id: string) => {
          const row = run.nodeRuns.find((n) => n.nodeId === id);
          if (!row) throw new Error(`no node ${id}`);
          return row;
        },
        attemptsOf: (id: string) => run.attempts.filter((a) => a.nodeId === id),
      };
    }
    if (Date.now() > deadline) {
      const states = run.nodeRuns.map((n) => `${n.nodeId}=${n.state}`).join(" ");
      throw new Error(`run ${runId} still running after ${timeoutMs} ms: ${states}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits for what follows a run's end (report, auto-pause count: the run_settled job). */
export async function waitForRunFollowUp(prisma: PrismaClient, runId: string, timeoutMs = 15_000) {
  const run = await waitForRunEnd(prisma, runId, timeoutMs);
  await waitForRow(
    () =>
      prisma.run.findFirst({
        where: { id: runId, settledGeneration: { gte: run.generation } },
        select: { id: true },
      }),
    `follow-up of run ${runId}`,
    timeoutMs,
  );
  return run;
}

/** Polls for a row that a job writes after the run's transaction (a report, a request). */
export async function waitForRow<T>(
  find: () => Promise<T | null>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await find();
    if (row) return row;
    if (Date.now() > deadline) throw new Error(`${what} not written within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls until a node reaches one of the given states. */
export async function waitForNodeState(
  prisma: PrismaClient,
  runId: string,
  nodeId: string,
  states: string[],
  timeoutMs = 20_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await prisma.nodeRun.findUniqueOrThrow({
      where: { runId_nodeId_item: { runId, nodeId, item: -1 } },
    });
    if (states.includes(row.state)) return row;
    if (Date.now() > deadline)
      throw new Error(`${nodeId} is ${row.state}, not ${states.join("/")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The run an accepted webhook event started (the worker starts it after intake's 202). */
export async function waitForEventRun(
  prisma: PrismaClient,
  eventId: string,
  timeoutMs = 15_000,
): Promise<string> {
  const event = await waitForRow(
    () =>
      prisma.webhookEvent.findFirst({
        where: { id: eventId, runId: { not: null } },
        select: { runId: true },
      }),
    `the run of webhook event ${eventId}`,
    timeoutMs,
  );
  return event.runId!;
}
