// The items of a for-each node in a run: starting them up to the node's concurrency, and
// ending each when its steps have. A step of an item records under its item's row lock
// and a shared lock of the run row (record-attempt.ts), so items hand their slots on side
// by side; each step reads only its own item. The for-each ends in finish-for-each.ts.
import {
  applyDecisions,
  applyReplay,
  bodyStepIds,
  bodyTopology,
  decideReady,
  findReferences,
  isTerminal,
  itemOutcome,
  planReplay,
  type Topology,
} from "../../engine/index";
import { DEFAULT_FOR_EACH_CONCURRENCY, type NodeStatus, type RunState } from "../../engine/types";
import { addJobs, type JobSpec } from "../../queue/job-specs";
import { failureNoticeJob } from "../../queue/lifecycle-jobs";
import {
  finishForEachJob,
  groupField,
  nodeJobSpecs,
  RUN_NODE_TASK,
} from "../../queue/node-job";
import { toNodeStatus, type NodeStatusRow } from "../locked-run";
import {
  triggerPayload,
  writeDecisions,
  type LockedRunRow,
} from "./decide-children";
import { RESET_STEP_COLUMNS } from "./open-for-each-items";
import { rows, ts, type SqlClient } from "./sql";

/** The steps of one item, as decide-children.ts sees them. */
export interface ItemScope {
  /** The whole graph's topology. */
  topo: Topology;
  forEachId: string;
  item: number;
  value: unknown;
}

export interface ForEachRef {
  topo: Topology;
  forEachId: string;
}

const PICK_ITEMS = `
UPDATE "ForEachItem" AS i
SET state = 'running', generation = $4, "startedAt" = ${ts(5)}, "endedAt" = NULL
WHERE i.id IN (
  SELECT id FROM "ForEachItem"
  WHERE "runId" = $1 AND "nodeId" = $2 AND state = 'pending'
  ORDER BY index LIMIT $3
  FOR UPDATE SKIP LOCKED
)
RETURNING i.index, i.value`;

// Rows for the items' steps; an item run again (R12) has them already.
const INSERT_STEPS = `
INSERT INTO "NodeRun" (id, "workspaceId", "runId", "nodeId", item, generation, "updatedAt")
SELECT gen_random_uuid()::text, $2, $1, s.id, i.idx, $5, ${ts(6)}
FROM unnest($3::text[]) AS s(id) CROSS JOIN unnest($4::int[]) AS i(idx)
ON CONFLICT ("runId", "nodeId", item) DO NOTHING
RETURNING item`;

const LOAD_ITEM_STEPS = `
SELECT "nodeId", item, state, reason, "blockedBy", "rootCause", output
FROM "NodeRun" WHERE "runId" = $1 AND "nodeId" = ANY($2::text[]) AND item = ANY($3::int[])`;

// R12 inside an item: its failed steps and what they blocked start over.
const RESET_STEPS = `
UPDATE "NodeRun" SET ${RESET_STEP_COLUMNS}
WHERE "runId" = $1 AND "nodeId" = ANY($2::text[]) AND item = $3`;

const FINISH_ITEM = `
UPDATE "ForEachItem" SET state = $4, output = $5::jsonb, "endedAt" = ${ts(6)}
WHERE "runId" = $1 AND "nodeId" = $2 AND index = $3 AND state = 'running'`;

const OTHER_FAILED_ITEM = `
SELECT EXISTS (
  SELECT 1 FROM "ForEachItem"
  WHERE "runId" = $1 AND "nodeId" = $2 AND state = 'failed' AND generation = $3 AND index <> $4
) AS found`;

/**
 * Starts up to `slots` pending items (in index order), and again for every item that
 * ended as it started (its first steps all skipped by conditions). "idle" when it found
 * no pending item and started none that stays open: the for-each may be done
 * (finish-for-each.ts tells).
 */
export async function continueForEach(
  client: SqlClient,
  run: LockedRunRow,
  ref: ForEachRef,
  slots: number,
  now: Date,
): Promise<"open" | "idle"> {
  let startedOpen = false;
  for (let free = slots; free > 0;) {
    const { started, ended } = await startItems(client, run, ref, free, now);
    if (started === 0) break;
    startedOpen ||= started > ended;
    free = ended;
  }
  return startedOpen ? "open" : "idle";
}

/**
 * After steps of an item changed (`known`: what the caller wrote and decided): once every
 * step of the item is terminal, the item ends and its slot goes to the next one.
 */
export async function afterItemStepsChanged(
  client: SqlClient,
  run: LockedRunRow,
  scope: ItemScope,
  known: RunState,
  now: Date,
): Promise<void> {
  const body = bodyTopology(scope.topo, scope.forEachId);
  const steps = bodyStepIds(body);
  const unknown = steps.filter((id) => !known[id]);
  let state = known;
  if (unknown.length > 0) {
    const loaded = await loadItemSteps(client, run.id, [scope.item], unknown);
    state = { ...loaded.get(scope.item), ...known };
  }
  const outcome = await endItemIfDone(client, run, scope, body, state, now);
  if (outcome === null) return;
  if (outcome === "failed" && run.status === "running") {
    // R14: the first failed item of a generation sends the notice; the rest join it.
    const [other] = await rows<{ found: boolean }>(
      client,
      "sy_other_failed_item",
      OTHER_FAILED_ITEM,
      [run.id, scope.forEachId, run.generation, scope.item],
    );
    if (!other?.found)
      await addJobs(client, [failureNoticeJob({ runId: run.id, generation: run.generation })]);
  }
  // Items end side by side (each holds only its own row): one that finds nothing left to
  // start cannot see whether the others have ended, so a job that holds the run lock
  // finishes the for-each once every item has (one per for-each and generation).
  if ((await continueForEach(client, run, scope, 1, now)) === "idle") {
    await addJobs(client, [finishForEachJob(run, scope.forEachId)]);
  }
}

async function startItems(
  client: SqlClient,
  run: LockedRunRow,
  ref: ForEachRef,
  limit: number,
  now: Date,
): Promise<{ started: number; ended: number }> {
  const picked = await rows<{ index: number; value: unknown }>(
    client,
    "sy_pick_items",
    PICK_ITEMS,
    [run.id, ref.forEachId, limit, run.generation, now.toISOString()],
  );
  if (picked.length === 0) return { started: 0, ended: 0 };
  const body = bodyTopology(ref.topo, ref.forEachId);
  const steps = bodyStepIds(body);
  const items = picked.map((p) => p.index);
  const inserted = await rows<{ item: number }>(client, "sy_insert_item_steps", INSERT_STEPS, [
    run.id,
    run.workspaceId,
    steps,
    items,
    run.generation,
    now.toISOString(),
  ]);
  // An item whose rows were all just inserted has every step pending; only items that
  // had rows already (run again, R12) are read.
  const insertedPerItem = new Map<number, number>();
  for (const row of inserted)
    insertedPerItem.set(row.item, (insertedPerItem.get(row.item) ?? 0) + 1);
  const earlier = items.filter((i) => insertedPerItem.get(i) !== steps.length);
  const states =
    earlier.length > 0
      ? await loadItemSteps(client, run.id, earlier, steps)
      : new Map<number, RunState>();
  const allPending: RunState = Object.fromEntries(steps.map((id) => [id, { state: "pending" }]));
  const outer = await outerData(client, run.id, body);
  const jobs: JobSpec[] = [];
  let ended = 0;
  for (const { index, value } of picked) {
    let state: RunState = states.get(index) ?? allPending;
    const { reset } = planReplay(body, state);
    if (reset.length > 0) {
      await rows(client, "sy_reset_item_steps", RESET_STEPS, [
        run.id,
        reset,
        index,
        run.generation,
        now.toISOString(),
      ]);
      state = applyReplay(state, reset);
    }
    const known: RunState = {
      ...outer.statuses,
      ...state,
      [body.triggerId]: { state: "succeeded" },
    };
    const decisions = decideReady(body, known, { trigger: outer.trigger, item: value });
    const written = await writeDecisions(client, run.id, decisions, now, index);
    jobs.push(
      ...nodeJobSpecs(
        RUN_NODE_TASK,
        decisions
          .filter((d) => d.kind === "run" && written.has(d.nodeId))
          .map((d) => ({
            runId: run.id,
            nodeId: d.nodeId,
            generation: written.get(d.nodeId)!,
            versionId: run.versionId,
            item: index,
            ...groupField(body.nodesById.get(d.nodeId)),
          })),
      ),
    );
    const scope = { topo: ref.topo, forEachId: ref.forEachId, item: index, value };
    const after = applyDecisions(state, decisions);
    if ((await endItemIfDone(client, run, scope, body, after, now)) !== null) ended++;
  }
  await addJobs(client, jobs);
  return { started: picked.length, ended };
}

/** Records the item's outcome once its steps are all terminal; null while one is open. */
async function endItemIfDone(
  client: SqlClient,
  run: LockedRunRow,
  scope: ItemScope,
  body: Topology,
  state: RunState,
  now: Date,
): Promise<"succeeded" | "failed" | "cancelled" | null> {
  const outcome = itemOutcome(body, state);
  if (outcome === null) return null;
  const outputs: Record<string, unknown> = {};
  for (const id of bodyStepIds(body)) {
    if (state[id]?.state === "succeeded") outputs[id] = state[id]?.output ?? null;
  }
  await rows(client, "sy_finish_item", FINISH_ITEM, [
    run.id,
    scope.forEachId,
    scope.item,
    outcome,
    JSON.stringify(outputs),
    now.toISOString(),
  ]);
  return outcome;
}

/** The given steps of each item (item index → state), from one statement. */
async function loadItemSteps(
  client: SqlClient,
  runId: string,
  items: number[],
  stepIds: string[],
): Promise<Map<number, RunState>> {
  const found = await rows<NodeStatusRow & { nodeId: string; item: number }>(
    client,
    "sy_load_item_steps",
    LOAD_ITEM_STEPS,
    [runId, stepIds, items],
  );
  const byItem = new Map<number, RunState>();
  for (const row of found) {
    const state = byItem.get(row.item) ?? {};
    state[row.nodeId] = toNodeStatus(row);
    byItem.set(row.item, state);
  }
  return byItem;
}

/** What the body's conditions read from outside the item: the trigger and earlier nodes. */
async function outerData(
  client: SqlClient,
  runId: string,
  body: Topology,
): Promise<{ trigger: unknown; statuses: RunState }> {
  const refs = findReferences(bodyStepIds(body).map((id) => body.nodesById.get(id)?.condition));
  const outside = [
    ...new Set(
      refs.flatMap((r) => (r.source === "step" && !body.nodesById.has(r.nodeId) ? [r.nodeId] : [])),
    ),
  ];
  const trigger = refs.some((r) => r.source === "trigger")
    ? await triggerPayload(client, runId)
    : null;
  const statuses: RunState = {};
  if (outside.length > 0) {
    const found = await rows<{ nodeId: string; state: NodeStatus["state"]; output: unknown }>(
      client,
      "sy_outer_outputs",
      `SELECT "nodeId", state, output FROM "NodeRun" WHERE "runId" = $1 AND "nodeId" = ANY($2::text[]) AND item = -1`,
      [runId, outside],
    );
    for (const row of found) {
      if (isTerminal(row.state)) statuses[row.nodeId] = { state: row.state, output: row.output };
    }
  }
  return { trigger, statuses };
}

/** How many items of the for-each run at once. */
export function forEachConcurrency(topo: Topology, forEachId: string): number {
  return topo.nodesById.get(forEachId)?.forEach?.concurrency ?? DEFAULT_FOR_EACH_CONCURRENCY;
}
