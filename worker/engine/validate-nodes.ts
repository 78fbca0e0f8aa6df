// Per-node problems: what each node type must and must not carry, action inputs
// against the connector's schema, and connections.
import type { z } from "zod";
import { formatFieldPath } from "./field-path";
import { readableIssue } from "./readable-issues";
import { containsTemplate } from "./templates";
import type { GraphNode, ValidationProblem } from "./types";
import { isRecord } from "./values";

export interface ActionCatalog {
  /** provider null: the action needs no connection. */
  getAction(key: string): { input: z.ZodType; provider: string | null } | undefined;
  /** Polling trigger sources, "<connector>.<trigger>"; absent: none are known. */
  getTrigger?(key: string): { input: z.ZodType; provider: string | null } | undefined;
}

export interface ValidateOptions {
  /** The provider of a connection the owner has, or undefined if there is no such one. */
  connectionProvider?: (connectionId: string) => string | undefined;
  /** The shortest time a schedule or poll may leave between runs (graph-limits.ts). */
  minTriggerIntervalSeconds?: number;
}

export function nodeProblems(
  node: GraphNode,
  catalog: ActionCatalog,
  options: ValidateOptions,
): ValidationProblem[] {
  const problem = (field: string, message: string): ValidationProblem => ({
    nodeId: node.id,
    field,
    message,
  });
  if (node.type !== "action") {
    const problems = (["action", "connection"] as const)
      .filter((field) => node[field] !== undefined)
      .map((field) =>
        problem(field, `only action nodes have ${field === "action" ? "an" : "a"} ${field}`),
      );
    if (node.type === "condition" && !node.condition) {
      problems.push(problem("condition", "a condition node needs a condition"));
    }
    return problems;
  }
  if (!node.action) return [problem("action", "an action node needs an action")];
  const action = catalog.getAction(node.action);
  if (!action) return [problem("action", `unknown action "${node.action}"`)];

  const problems = inputProblems(node.input ?? {}, action.input).map(({ path, message }) =>
    problem(formatFieldPath(["input", ...path]), message),
  );
  if (action.provider === null) return problems;
  if (!node.connection) {
    problems.push(problem("connection", `"${node.action}" needs a ${action.provider} connection`));
  } else if (options.connectionProvider) {
    const provider = options.connectionProvider(node.connection);
    if (provider === undefined) {
      problems.push(problem("connection", `connection "${node.connection}" does not exist`));
    } else if (provider !== action.provider) {
      problems.push(
        problem(
          "connection",
          `connection "${node.connection}" is for ${provider}; "${node.action}" needs ${action.provider}`,
        ),
      );
    }
  }
  return problems;
}

/**
 * Schema issues, except where the value is a template: its type is only known at run
 * time, so a template stands in for any value (a number, a URL, an object...).
 */
function inputProblems(input: Record<string, unknown>, schema: z.ZodType) {
  const result = schema.safeParse(input, { error: readableIssue });
  if (result.success) return [];
  return result.error.issues
    .filter((issue) => !passesThroughTemplate(input, issue.path))
    .map((issue) => ({ path: issue.path, message: issue.message }));
}

/** Whether the issue's path reaches, or runs through, a string holding a template. */
function passesThroughTemplate(input: unknown, path: readonly PropertyKey[]): boolean {
  let current = input;
  for (const segment of path) {
    if (isTemplateString(current)) return true;
    if (Array.isArray(current) && typeof segment === "number") current = current[segment];
    else if (isRecord(current) && typeof segment === "string") current = current[segment];
    else return false;
  }
  return isTemplateString(current);
}

function isTemplateString(value: unknown): boolean {
  return typeof value === "string" && containsTemplate(value);
}
