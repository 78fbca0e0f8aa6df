import type { PrismaClient } from "../../../prisma/client";
import { resolveTemplates, summarizeBranches } from "../../../worker/engine/index";
import type { RunState } from "../../../worker/engine/types";
import type { Actor } from "../../_lib/actor-type";
import { prismaSql } from "../../../worker/runs/store/sql";
import { getRunForActor } from "../runs/get-run-for-actor";
import { explainNode } from "./explain";
import { runGenerations } from "./run-generations";
import { redact } from "../../../worker/redact";
import { isRecord } from "../../../worker/engine/values";
import {
  branchStatusWords,
  errorWords,
  nodeStateWords,
  runOutcomeWords,
  stepNames,
} from "../../../worker/names";

/**
 * Everything the live run page shows, as JSON: nodes in topological order with their
 * attempts, explanations and redacted data, the branch strip and the graph's edges.
 * Scoped to the actor's workspace: another workspace's run is "not found".
 */
export async function runView(prisma: PrismaClient, actor: Actor, runId: string) {
  const run = await getRunForActor(prismaSql(prisma), actor, runId);
  const rows = new Map(run.nodeRuns.map((r) => [r.nodeId, r]));
  const label = stepNames(run.topo.graph);
  const state: RunState = {};
  const steps: Record<string, unknown> = {};
  for (const row of run.nodeRuns) {
    state[row.nodeId] = { state: row.state, reason: row.reason as never, rootCause: row.rootCause };
    if (row.state === "succeeded") steps[row.nodeId] = row.output;
  }
  const nodes = run.topo.order.flatMap((id) => {
    const node = run.topo.nodesById.get(id);
    const row = rows.get(id);
    if (!node || !row) return [];
    // Inputs are not stored per attempt; resolving the node's templates against the run's
    // outputs shows what it was (or will be) given.
    const input =
      node.type === "action" && ["pending", "skipped"].every((s) => s !== row.state)
        ? resolveTemplates(node.input ?? {}, { trigger: run.triggerPayload, steps })
        : null;
    return [
      {
        id,
        label: label(id),
        type: node.type,
        action: node.action ?? null,
        state: row.state,
        stateWords: row.waitingForGroup
          ? `waiting for a worker in ${row.waitingForGroup}`
          : nodeStateWords(row.state),
        runsOn: node.runsOn ?? null,
        generation: row.generation,
        blockedBy: row.blockedBy.map(label),
        rootCause: row.rootCause.map(label),
        explanation: explainNode(row, label, (other) => rows.get(other)),
        input: redact(input),
        // Redacted by getRunForActor. A for-each's holds its first items: its card pages them all.
        output: node.type === "foreach" ? itemTotals(row.output) : (row.output ?? null),
        attempts: run.attempts
          .filter((a) => a.nodeId === id)
          .map((a) => ({
            id: a.id,
            generation: a.generation,
            number: a.number,
            outcome: a.outcome,
            errorClass: a.errorClass,
            errorWords: a.errorClass ? errorWords(a.errorClass) : null,
            message: a.message,
            httpStatus: a.httpStatus,
            startedAt: a.startedAt.toISOString(),
            endedAt: a.endedAt?.toISOString() ?? null,
          })),
      },
    ];
  });
  return {
    id: run.id,
    automationId: run.automation.id,
    automationName: run.automation.name,
    status: run.status,
    statusWords: runOutcomeWords(run.status),
    generation: run.generation,
    startedAt: run.startedAt.toISOString(),
    endedAt: run.endedAt?.toISOString() ?? null,
    triggerPayload: run.triggerPayload,
    ...(await runGenerations(prisma, run)),
    branches: summarizeBranches(run.topo, state).map((b) => ({
      rootNodeId: b.rootNodeId,
      label: label(b.rootNodeId),
      status: b.status,
      statusWords: branchStatusWords(b.status),
      nodes: b.nodeIds.map(label),
    })),
    nodes,
    edges: run.topo.graph.edges,
  };
}

export type RunView = Awaited<ReturnType<typeof runView>>;

/** A for-each's output without its per-item lists, which can hold thousands of entries. */
function itemTotals(output: unknown) {
  if (!isRecord(output)) return null;
  const { total, succeededCount, failedCount } = output;
  return { total, succeededCount, failedCount };
}
