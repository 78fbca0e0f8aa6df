import {
  applyDecisions,
  decideReady,
  isTerminal,
  neighbourhoodOf,
  type Decision,
  type Topology,
} from "../../engine/index";
import type { RunState } from "../../engine/types";
import { addJobs, type JobSpec } from "../../queue/job-specs";
import { failureNoticeJob, gateReachedJob } from "../../queue/lifecycle-jobs";
import {
  groupField,
  nodeJobSpecs,
  RUN_NODE_TASK,
  START_FOR_EACH_TASK,
} from "../../queue/node-job";
import { toNodeStatus, type NodeStatusRow } from "../locked-run";
import { afterItemStepsChanged, type ItemScope } from "./for-each-items";
import { settleRun } from "./settle-run";
import { rows, ts, type SqlClient } from "./sql";

/** The locked run, as its row lock read it. */
export interface LockedRunRow {
  id: string;
  workspaceId: string;
  versionId: string;
  status: string;
  generation: number;
  /** Nodes not yet terminal once the `changed` nodes were written (the trigger's counter). */
  openNodes: number;
}

// Step ids are unique across the graph, so a body step's id finds only the item's rows
// and an id of the graph's top only the node's own row (item -1).
const LOAD_STATUSES = `
SELECT "nodeId", state, reason, "blockedBy", "rootCause",
       CASE WHEN "nodeId" = ANY($3::text[]) THEN output END AS output
FROM "NodeRun" WHERE "runId" = $1 AND "nodeId" = ANY($2::text[]) AND item IN (-1, $4)`;

// All of a round's decisions in one statement. Only pending rows move: a node is decided
// once (R1), and whoever holds the run lock sees every other decision committed. The rows
// are found through the (runId, nodeId) index by the id array, and each row reads its
// decision from a JSON object keyed by node id: no join, whose plan with a function scan
// went quadratic on large fan-outs (10,000 children: 20 s).
const D = `(p.decisions -> n."nodeId")`;
const WRITE_DECISIONS = `
UPDATE "NodeRun" AS n
SET state = (${D} ->> 'state')::"NodeState",
    reason = ${D} ->> 'reason',
    "blockedBy" = CASE WHEN ${D} ? 'blockedBy'
                       THEN ARRAY(SELECT jsonb_array_elements_text(${D} -> 'blockedBy'))
                       ELSE n."blockedBy" END,
    "rootCause" = CASE WHEN ${D} ? 'rootCause'
                       THEN ARRAY(SELECT jsonb_array_elements_text(${D} -> 'rootCause'))
                       ELSE n."rootCause" END,
    output = CASE WHEN ${D} ? 'output' THEN ${D} -> 'output' ELSE n.output END,
    "startedAt" = CASE WHEN ${D} ->> 'state' IN ('succeeded', 'waiting_approval')
                       THEN COALESCE(n."startedAt", ${ts(4)}) ELSE n."startedAt" END,
    "endedAt" = CASE WHEN ${D} ->> 'state' IN ('succeeded', 'skipped')
                     THEN ${ts(4)} ELSE n."endedAt" END,
    "updatedAt" = ${ts(4)}
FROM (SELECT $3::jsonb AS decisions) AS p
WHERE n."runId" = $1 AND n."nodeId" = ANY($2::text[]) AND n.item = $5 AND n.state = 'pending'
RETURNING n."nodeId", n.generation`;

const DECIDED_STATE = {
  run: "queued",
  skip: "skipped",
  succeed: "succeeded",
  wait_approval: "waiting_approval",
  start_items: "queued",
} as const;

/**
 * After `changed` nodes reached the given terminal states (already written), decides
 * their children from the neighbourhood only — each round reads the parents of the
 * candidates (and what a condition among them reads), lets the engine decide, and
 * writes the decisions in one statement; a decision that ends a node (a skip, a true
 * condition) starts another round for its children. Then enqueues the nodes made
 * ready and the gates reached, and settles the run when no node is left open — or, when
 * a changed node failed and the run goes on, enqueues its failure notice (R14). The
 * caller holds the run-row lock for the transaction (docs/architecture.md).
 *
 * With `scope`, the changed nodes are steps of one for-each item and `topo` is the body's
 * topology: decisions stay inside the item, and what the item's end starts follows
 * (for-each-items.ts).
 */
export async function decideChildren(
  client: SqlClient,
  run: LockedRunRow,
  topo: Topology,
  changed: RunState,
  now: Date,
  scope?: ItemScope,
): Promise<void> {
  // Inside an item, the body's root (the for-each node) stands for "the item started".
  const known: RunState = scope ? { [topo.triggerId]: { state: "succeeded" } } : {};
  Object.assign(known, changed);
  const item = scope?.item ?? -1;
  let frontier = Object.keys(changed);
  let trigger: unknown;
  const jobs: JobSpec[] = [];
  let open = run.openNodes;
  while (frontier.length > 0) {
    const need = neighbourhoodOf(topo, frontier, new Set(Object.keys(known)));
    if (need.statusesOf.length > 0) {
      const loaded = await rows<StatusRow>(client, "sy_load_statuses", LOAD_STATUSES, [
        run.id,
        need.statusesOf,
        need.outputsOf,
        item,
      ]);
      for (const row of loaded) known[row.nodeId] = toNodeStatus(row);
    }
    if (need.needsTrigger && trigger === undefined) trigger = await triggerPayload(client, run.id);
    const data = { trigger: trigger ?? null, item: scope?.value };
    const decisions = decideReady(topo, known, data, frontier);
    if (decisions.length === 0) break;
    const written = await writeDecisions(client, run.id, decisions, now, item);
    Object.assign(known, applyDecisions(known, decisions));
    const ready = decisions.filter((d) => d.kind === "run" && written.has(d.nodeId));
    jobs.push(
      ...nodeJobSpecs(
        RUN_NODE_TASK,
        ready.map((d) => ({
          runId: run.id,
          nodeId: d.nodeId,
          generation: written.get(d.nodeId)!,
          versionId: run.versionId,
          ...(scope ? { item } : {}),
          ...groupField(topo.nodesById.get(d.nodeId)),
        })),
      ),
    );
    for (const d of decisions) {
      if (!written.has(d.nodeId)) continue;
      const ref = { runId: run.id, nodeId: d.nodeId, generation: written.get(d.nodeId)! };
      if (d.kind === "wait_approval") jobs.push(gateReachedJob(ref));
      if (d.kind === "start_items") {
        jobs.push(...nodeJobSpecs(START_FOR_EACH_TASK, [{ ...ref, versionId: run.versionId }]));
      }
    }
    frontier = decisions
      .filter((d) => written.has(d.nodeId) && isTerminal(DECIDED_STATE[d.kind]))
      .map((d) => d.nodeId);
    // What the NodeRun trigger subtracted for this round, without reading it back.
    open -= frontier.length;
  }
  if (scope) {
    await addJobs(client, jobs);
    await afterItemStepsChanged(client, run, scope, known, now);
    return;
  }
  const failed = Object.values(changed).some((s) => s.state === "failed");
  if (failed && open > 0 && run.status === "running") {
    jobs.push(failureNoticeJob({ runId: run.id, generation: run.generation }));
  }
  await addJobs(client, jobs);
  if (open === 0 && run.status === "running") {
    await settleRun(client, { id: run.id, generation: run.generation }, topo, now);
  }
}

type StatusRow = NodeStatusRow & { nodeId: string };

/**
 * Writes the decisions (for the graph's nodes, or with `item` the steps of one for-each
 * item); returns the generation of each node that moved, by node id.
 */
export async function writeDecisions(
  client: SqlClient,
  runId: string,
  decisions: readonly Decision[],
  now: Date,
  item = -1,
): Promise<Map<string, number>> {
  const byNode: Record<string, Record<string, unknown>> = {};
  for (const d of decisions) {
    byNode[d.nodeId] =
      d.kind === "skip"
        ? { state: "skipped", reason: d.reason, blockedBy: d.blockedBy, rootCause: d.rootCause }
        : d.kind === "succeed"
          ? { state: "succeeded", output: d.output ?? null }
          : { state: DECIDED_STATE[d.kind] };
  }
  const moved = await rows<{ nodeId: string; generation: number }>(
    client,
    "sy_write_decisions",
    WRITE_DECISIONS,
    [runId, Object.keys(byNode), JSON.stringify(byNode), now.toISOString(), item],
  );
  return new Map(moved.map((m) => [m.nodeId, m.generation]));
}

export async function triggerPayload(client: SqlClient, runId: string): Promise<unknown> {
  const [run] = await rows<{ triggerPayload: unknown }>(
    client,
    "sy_trigger_payload",
    `SELECT "triggerPayload" FROM "Run" WHERE id = $1`,
    [runId],
  );
  return run?.triggerPayload ?? null;
}
