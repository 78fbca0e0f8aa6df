// Per-node problems: what each node type must and must not carry, action inputs
// against the connector's schema, and connections.
import type { z } from "zod";
import { formatFieldPath } from "./field-path";
import { readableIssue } from "./readable-issues";
import { containsTemplate } from "./templates";
import type { GraphNode, ValidationProblem } from "./types";
import { isRecord } from "./values";

/** An action or polling trigger as validation sees it. */
export interface CatalogEntry {
  input: z.ZodType;
  /** null: it needs no connection. */
  provider: string | null;
  /** Its app: the connector's id (what a connection is made for) and its name. */
  app: { id: string; name: string };
  /** Its own name, e.g. "Post a message". */
  name: string;
}

export interface ActionCatalog {
  getAction(key: string): CatalogEntry | undefined;
  /** Polling trigger sources, "<connector>.<trigger>"; absent: none are known. */
  getTrigger?(key: string): CatalogEntry | undefined;
}

/** A connection (an account at an app) the owner has. */
export interface KnownConnection {
  /** The connector it was made for. */
  connectorId: string;
  /** That connector's name, e.g. "Demo Tracker". */
  appName: string;
  /** What the owner calls it. */
  label: string;
}

export interface ValidateOptions {
  /** A connection the owner has, or undefined if there is no such one. */
  connection?: (connectionId: string) => KnownConnection | undefined;
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
  const message = connectionProblem(action, node.connection, options);
  if (message) problems.push(problem("connection", message));
  return problems;
}

/** What is wrong with the account chosen for an action or polling trigger, in words. */
export function connectionProblem(
  entry: CatalogEntry,
  connectionId: string | undefined,
  options: ValidateOptions,
): string | null {
  const needs = `"${entry.name}" needs a ${entry.app.name} account`;
  if (!connectionId) return `${needs}: choose one`;
  const connection = options.connection?.(connectionId);
  if (!options.connection || connection?.connectorId === entry.app.id) return null;
  if (connection === undefined) return `the chosen account no longer exists; ${needs}`;
  return `"${connection.label}" is a ${connection.appName} account; ${needs}`;
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
