import { allSteps, outcomeFromCounts, type SettledCounts, type Topology } from "../../engine/index";
import { addJobs } from "../../queue/job-specs";
import { runSettledJob } from "../../queue/lifecycle-jobs";
import { rows, ts, type SqlClient } from "./sql";

const COUNT_SETTLED = `
SELECT count(*) FILTER (WHERE state = 'cancelled')::int AS cancelled,
       count(*) FILTER (WHERE state = 'failed')::int AS failed,
       count(*) FILTER (WHERE state = 'succeeded' AND "nodeId" = ANY($2::text[]))::int
         AS "succeededActions",
       (SELECT "openNodes" FROM "Run" WHERE id = $1) AS open
FROM "NodeRun" WHERE "runId" = $1 AND "nodeId" = ANY($3::text[])`;

/**
 * Records the run's outcome (R11) once no node is open — the caller knows from the
 * counter a trigger keeps on "Run", so no node row is read until then; the one count at
 * the end reads them once per run — and enqueues what follows (the run_settled job).
 * Under the run lock. The count re-reads the counter, so a caller's arithmetic can never
 * settle a run that still has open nodes. Steps of for-each bodies count like nodes: a
 * failed item's step is a failed node, a succeeded item's action a succeeded action.
 */
export async function settleRun(
  client: SqlClient,
  run: { id: string; generation: number },
  topo: Topology,
  now: Date,
): Promise<void> {
  const steps = allSteps(topo.graph);
  const actions = steps.filter((n) => n.type === "action").map((n) => n.id);
  const [counts] = await rows<SettledCounts & { open: number }>(
    client,
    "sy_count_settled",
    COUNT_SETTLED,
    // Only the nodes of the run's version: one it moved away from left history rows.
    [run.id, actions, steps.map((n) => n.id)],
  );
  if (!counts || counts.open > 0) return;
  await rows(
    client,
    "sy_settle_run",
    `UPDATE "Run" SET status = $2::"RunStatus", "endedAt" = ${ts(3)} WHERE id = $1`,
    [run.id, outcomeFromCounts(counts), now.toISOString()],
  );
  await addJobs(client, [runSettledJob({ runId: run.id, generation: run.generation })]);
}
