import type { SqlClient } from "../../../worker/runs/store/sql";
import { getRun } from "../../../worker/runs/get-run";
import { redact } from "../../../worker/redact";
import type { Graph, GraphNode } from "../../../worker/engine/types";
import type { Actor } from "../../_lib/actor-type";

/**
 * A run of the actor's workspace with its nodes and every attempt; not_found otherwise.
 * Trigger payload and outputs are redacted as on the run page: the API shows no secrets.
 * Read through the run store's SQL (from Prisma with `prismaSql`, or a `pg` pool).
 */
export async function getRunForActor(client: SqlClient, actor: Actor, runId: string) {
  const run = await getRun(client, runId, actor.workspaceId);
  return {
    ...run,
    graph: shownGraph(run.topo.graph),
    triggerPayload: redact(run.triggerPayload),
    nodeRuns: run.nodeRuns.map((row) => ({ ...row, output: redact(row.output) })),
  };
}

/**
 * The graph as the API shows it with a run: what steps and polls send (their input may
 * hold a typed credential) redacted like run data; the rest is the graph's shape.
 */
function shownGraph(graph: Graph): Graph {
  const input = (value: Record<string, unknown> | undefined) =>
    value === undefined ? {} : { input: redact(value) as Record<string, unknown> };
  const shown = (node: GraphNode): GraphNode => ({
    ...node,
    ...input(node.input),
    ...(node.trigger?.poll
      ? {
          trigger: {
            ...node.trigger,
            poll: { ...node.trigger.poll, ...input(node.trigger.poll.input) },
          },
        }
      : {}),
    ...(node.forEach
      ? {
          forEach: {
            ...node.forEach,
            body: { ...node.forEach.body, nodes: node.forEach.body.nodes.map(shown) },
          },
        }
      : {}),
  });
  return { ...graph, nodes: graph.nodes.map(shown) };
}
