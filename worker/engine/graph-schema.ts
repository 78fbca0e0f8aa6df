// Structural shape of a saved graph. Semantic checks (one trigger, cycles, references,
// action inputs...) live in validate.ts and need a parsed Graph first.
import { z } from "zod";
import { formatFieldPath } from "./field-path";
import { readableIssue } from "./readable-issues";
import { triggerConfigSchema } from "./trigger-schema";
import { WORKER_GROUP_PATTERN, WORKER_GROUP_RULE } from "./worker-groups";
import { MAX_FOR_EACH_CONCURRENCY, type Graph, type ValidationProblem } from "./types";
import { isRecord } from "./values";

export const NODE_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
export const MAX_TIMEOUT_MS = 15 * 60 * 1000;
/** Longest step name and approval message a graph stores (docs/reliability.md). */
export const MAX_NODE_NAME_LENGTH = 200;
export const MAX_APPROVAL_MESSAGE_LENGTH = 5000;

const positiveInt = z.number().int().positive();

const retrySchema = z.object({
  maxAttempts: positiveInt.optional(),
  initialDelayMs: positiveInt.optional(),
  maxDelayMs: positiveInt.optional(),
});

const conditionSchema = z.object({
  // A bare z.unknown() accepts a missing key; a condition without a left side is a mistake.
  left: z.unknown().refine((value) => value !== undefined, "left is required"),
  operator: z.enum([
    "equals",
    "not_equals",
    "contains",
    "greater_than",
    "less_than",
    "exists",
    "not_exists",
    "truthy",
  ]),
  right: z.unknown().optional(),
});

// R9: who decides a gate and what happens if nobody does (docs/email-and-approvals.md).
const approvalSchema = z.object({
  approvers: z.array(z.string().email()).min(1).optional(),
  message: z.string().max(MAX_APPROVAL_MESSAGE_LENGTH).optional(),
  expiresInHours: z.number().positive().optional(),
  onExpiry: z.enum(["reject", "approve"]).optional(),
  requesterMayNotApprove: z.boolean().optional(),
});

const stepFields = {
  id: z.string().regex(NODE_ID_PATTERN, "must start with a letter and use letters, digits, _ or -"),
  type: z.enum(["trigger", "action", "approval", "condition", "foreach"]),
  name: z.string().max(MAX_NODE_NAME_LENGTH).optional(),
  action: z.string().min(1).optional(),
  connection: z.string().min(1).optional(),
  input: z.record(z.string(), z.unknown()).optional(),
  retry: retrySchema.optional(),
  timeoutMs: positiveInt.max(MAX_TIMEOUT_MS, "must be at most 15 minutes").optional(),
  runsOn: z.string().regex(WORKER_GROUP_PATTERN, WORKER_GROUP_RULE).optional(),
  keep: z.literal("group").optional(),
  summary: z
    .array(z.string().regex(/^[^\s.{}]+(\.[^\s.{}]+)*$/, "a field, or a dot path like body.count"))
    .optional(),
  condition: conditionSchema.optional(),
  trigger: triggerConfigSchema.optional(),
  approval: approvalSchema.optional(),
};

const edgeSchema = z.object({
  from: z.string(),
  to: z.string(),
  kind: z.enum(["dependent", "independent"]),
});

// A body holds ordinary steps; which types are allowed there is a semantic check
// (validate-for-each.ts), so the message can say why.
const forEachSchema = z.object({
  items: z.string().min(1, "say which list to go through, e.g. {{ trigger.rows }}"),
  concurrency: z
    .number()
    .int()
    .positive()
    .max(MAX_FOR_EACH_CONCURRENCY, `must be at most ${MAX_FOR_EACH_CONCURRENCY}`)
    .optional(),
  continueWithSucceeded: z.boolean().optional(),
  body: z.object({
    nodes: z.array(z.object(stepFields)).min(1, "add at least one step to run for each item"),
    edges: z.array(edgeSchema),
  }),
});

export const graphNodeSchema = z.object({ ...stepFields, forEach: forEachSchema.optional() });

export const graphSchema = z.object({
  nodes: z.array(graphNodeSchema),
  edges: z.array(edgeSchema),
}) satisfies z.ZodType<Graph>;

export type ParseGraphResult =
  { ok: true; graph: Graph } | { ok: false; problems: ValidationProblem[] };

export function parseGraph(json: unknown): ParseGraphResult {
  const result = graphSchema.safeParse(json, { error: readableIssue });
  if (result.success) return { ok: true, graph: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({
      nodeId: nodeIdAt(json, issue.path),
      field: formatFieldPath(issue.path),
      message: issue.message,
    })),
  };
}

/** The id of the node a problem path points into (`nodes[i]...`), when it has a string id. */
function nodeIdAt(json: unknown, path: readonly PropertyKey[]): string | null {
  const [head, index] = path;
  if (head !== "nodes" || typeof index !== "number" || !isRecord(json)) return null;
  const nodes = json.nodes;
  const node = Array.isArray(nodes) ? (nodes[index] as unknown) : undefined;
  return isRecord(node) && typeof node.id === "string" ? node.id : null;
}
