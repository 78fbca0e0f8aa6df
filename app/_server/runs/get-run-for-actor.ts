import type { SqlClient } from "../../../worker/runs/store/sql";
import { getRun } from "../../../worker/runs/get-run";
import { redact } from "../../../worker/redact";
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
    graph: run.topo.graph,
    triggerPayload: redact(run.triggerPayload),
    nodeRuns: run.nodeRuns.map((row) => ({ ...row, output: redact(row.output) })),
  };
}
