import { z } from "zod";
import { isoDate } from "./common";

export const runStatus = z.enum([
  "running",
  "succeeded",
  "partially_succeeded",
  "failed",
  "cancelled",
]);

export const runParams = z.object({ runId: z.string().min(1) });

export const startRunBody = z.object({
  payload: z
    .unknown()
    .optional()
    .meta({ description: "The trigger's output: what steps read as {{trigger.…}}" }),
});

export const startedRun = z.object({ runId: z.string(), versionId: z.string() });

export const listRunsQuery = z.object({
  automationId: z.string().optional(),
  status: runStatus.optional(),
  before: z.iso
    .datetime()
    .optional()
    .meta({ description: "Only runs created before this time (paging)" }),
  since: z.iso
    .datetime()
    .optional()
    .meta({ description: "Only runs created at or after this time" }),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

const runFields = {
  id: z.string(),
  automationId: z.string(),
  versionId: z.string(),
  status: runStatus,
  generation: z.number().int(),
  triggerKind: z.string(),
  createdAt: isoDate,
  startedAt: isoDate,
  endedAt: isoDate.nullable(),
};

export const runSummary = z
  .object({ ...runFields, automation: z.object({ name: z.string() }) })
  .meta({ id: "RunSummary" });

export const runList = z.object({ runs: z.array(runSummary) });

export const nodeRun = z
  .object({
    nodeId: z.string(),
    state: z.string(),
    reason: z.string().nullable(),
    blockedBy: z.array(z.string()),
    rootCause: z.array(z.string()),
    /**
     * A step kept in its worker group (`keep: "group"`) shows only its summary fields.
     */
    output: z.unknown().optional().meta({
      description:
        "A for-each's: its counts and first 50 items only; GET .../nodes/{nodeId}/items pages them all",
    }),
    /** The worker group the step waits for when none of its workers is alive. */
    waitingForGroup: z.string().nullable().optional(),
    generation: z.number().int(),
    startedAt: isoDate.nullable(),
    endedAt: isoDate.nullable(),
  })
  .meta({ id: "NodeRun" });

export const attempt = z
  .object({
    id: z.string(),
    nodeId: z.string(),
    generation: z.number().int(),
    number: z.number().int(),
    startedAt: isoDate,
    endedAt: isoDate.nullable(),
    outcome: z.string().nullable(),
    errorClass: z.string().nullable(),
    message: z.string().nullable(),
    httpStatus: z.number().int().nullable(),
    retryable: z.boolean().nullable(),
  })
  .meta({ id: "Attempt" });

const rerunReason = z.enum(["new", "changed", "not_succeeded", "upstream_reruns"]);

/** What a for-each that ran again did with its items (ForEachReplay). */
const forEachReplay = z.object({
  /** Why every item started over; null: items kept what they could. */
  restart: z.enum(["new", "list_changed", "upstream_reruns"]).nullable(),
  /** Body steps that ran again in every item; items that had failed also re-ran their failed steps. */
  rerunSteps: z.array(
    z.object({ stepId: z.string(), reason: z.enum(["new", "changed", "upstream_reruns"]) }),
  ),
});

const runGeneration = z.object({
  generation: z.number().int(),
  versionId: z.string(),
  version: z.object({ number: z.number().int() }),
  startedAt: z.date(),
  /** Set when this generation moved the run to another version ("retry on the latest version"). */
  plan: z
    .object({
      kept: z.array(z.string()),
      rerun: z.array(z.object({ nodeId: z.string(), reason: rerunReason })),
      removed: z.array(z.string()),
      /** Per for-each node that ran again. */
      forEach: z.record(z.string(), forEachReplay).optional(),
    })
    .nullable(),
});

export const runDetails = z
  .object({
    ...runFields,
    automation: z.object({ id: z.string(), name: z.string() }),
    triggerPayload: z.unknown(),
    nodeRuns: z.array(nodeRun),
    attempts: z.array(attempt),
    generations: z.array(runGeneration),
    graph: z.unknown().meta({
      description: "The graph of the version the run runs on: { nodes, edges }",
    }),
  })
  .meta({ id: "Run" });

export const retryQuery = z.object({
  /** "run": the version the run ran on (re-runs only the failed part); "latest": the automation's newest. */
  version: z.enum(["run", "latest"]).default("run"),
  requestApprovalAgain: z
    .stringbool()
    .default(false)
    .meta({ description: "Also reopen rejected approval gates (version=run only)" }),
});

export const retriedRun = z.object({
  generation: z.number().int(),
  /** The nodes that run in the new generation. */
  reset: z.array(z.string()),
  /** The number of the version the new generation runs on. */
  versionNumber: z.number().int(),
});

export const cancelledRun = z.object({ status: runStatus, cancelledNodes: z.array(z.string()) });

/** A for-each item's state: pending until it starts; it ends when every step of its body has. */
export const forEachItemState = z.enum(["pending", "running", "succeeded", "failed", "cancelled"]);

export const forEachItemsParams = z.object({ runId: z.string().min(1), nodeId: z.string().min(1) });

export const forEachItemsQuery = z.object({
  state: forEachItemState.optional().meta({ description: "Only items in this state" }),
  page: z.coerce.number().int().min(1).default(1).meta({ description: "1-based" }),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

const forEachItem = z
  .object({
    index: z.number().int().meta({ description: "The item's position in the list, from 0" }),
    value: z.unknown().meta({ description: "The item (secrets redacted)" }),
    state: forEachItemState,
    output: z
      .unknown()
      .meta({ description: "The body's outputs by step id (succeeded steps; redacted)" }),
    generation: z.number().int().meta({ description: "The generation the item last ran in" }),
    startedAt: isoDate.nullable(),
    endedAt: isoDate.nullable(),
    attempts: z
      .number()
      .int()
      .meta({ description: "Attempts of the item's steps, all generations" }),
    error: z
      .object({
        nodeId: z.string(),
        errorClass: z.string().nullable(),
        message: z.string().nullable(),
        httpStatus: z.number().int().nullable(),
      })
      .nullable()
      .meta({ description: "A failed item: the first step that failed and its last attempt" }),
  })
  .meta({ id: "ForEachItem" });

export const forEachItemsPage = z
  .object({
    runId: z.string(),
    nodeId: z.string(),
    counts: z.object({
      total: z.number().int(),
      pending: z.number().int(),
      running: z.number().int(),
      succeeded: z.number().int(),
      failed: z.number().int(),
      cancelled: z.number().int(),
    }),
    state: forEachItemState.nullable(),
    page: z.number().int(),
    pageSize: z.number().int(),
    pageCount: z.number().int(),
    matching: z.number().int().meta({ description: "Items in the chosen state (all: total)" }),
    items: z.array(forEachItem),
  })
  .meta({ id: "ForEachItemsPage" });
