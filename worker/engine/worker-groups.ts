// Worker groups: a step may run on the workers of one group (`runsOn`), where its data
// lives, and keep its full output there (`keep: "group"`), letting only its declared
// summary fields travel. Pure: names, summaries and the checks a saved graph must pass.
import { allSteps } from "./for-each";
import { findReferences } from "./templates";
import type { Graph, GraphNode, ValidationProblem } from "./types";
import { isRecord } from "./values";

/** The group of steps that name none, and of workers started without one. */
export const DEFAULT_WORKER_GROUP = "default";
export const WORKER_GROUP_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/;
export const WORKER_GROUP_RULE =
  "a worker group's name uses lower-case letters, digits, - or _ (at most 40)";

export function workerGroupOf(node: Pick<GraphNode, "runsOn">): string {
  return node.runsOn ?? DEFAULT_WORKER_GROUP;
}

export function keepsOutputInGroup(node: Pick<GraphNode, "keep">): boolean {
  return node.keep === "group";
}

/**
 * What the rest of the run sees of a kept output: only its summary fields, each a dot
 * path into the output ("status", "body.rowCount"), kept at the same place.
 */
export function outputSummary(node: Pick<GraphNode, "summary">, output: unknown): unknown {
  const summary: Record<string, unknown> = {};
  for (const field of node.summary ?? []) {
    const path = field.split(".");
    let value: unknown = output;
    for (const key of path) value = isRecord(value) ? value[key] : undefined;
    if (value === undefined) continue;
    let into = summary;
    for (const key of path.slice(0, -1)) {
      if (!isRecord(into[key])) into[key] = {};
      into = into[key] as Record<string, unknown>;
    }
    into[path.at(-1)!] = value;
  }
  return summary;
}

/** Whether a template's path below a kept output reads only summary fields. */
function readsOnlySummary(summary: readonly string[], path: readonly string[]): boolean {
  return summary.some((field) => {
    const fieldPath = field.split(".");
    return fieldPath.length <= path.length && fieldPath.every((key, i) => path[i] === key);
  });
}

function displayName(node: GraphNode) {
  return node.name ? `"${node.name}"` : `"${node.id}"`;
}

/** The template-bearing places of a node, as field paths' roots and values. */
export function templatePlaces(node: GraphNode): [string, unknown][] {
  const places: [string, unknown][] = [["input", node.input]];
  if (node.condition) {
    places.push(["condition.left", node.condition.left], ["condition.right", node.condition.right]);
  }
  if (node.forEach) places.push(["forEach.items", node.forEach.items]);
  return places;
}

/**
 * Where steps run and what they keep: `runsOn`, `keep` and `summary` only on actions, a
 * kept output only in a named group, and templates outside that group reading only the
 * summary fields (inside it, a step of the same group may read the whole output).
 */
export function workerGroupProblems(graph: Pick<Graph, "nodes">): ValidationProblem[] {
  const steps = allSteps(graph);
  const byId = new Map(steps.map((step) => [step.id, step]));
  const problems: ValidationProblem[] = [];
  const problem = (nodeId: string, field: string, message: string) =>
    problems.push({ nodeId, field, message });
  for (const node of steps) {
    if (node.type !== "action") {
      for (const field of ["runsOn", "keep", "summary"] as const) {
        if (node[field] !== undefined) {
          problem(node.id, field, "only action steps choose where they run and what they keep");
        }
      }
    } else if (keepsOutputInGroup(node) && workerGroupOf(node) === DEFAULT_WORKER_GROUP) {
      problem(
        node.id,
        "keep",
        `${displayName(node)} keeps its output in its worker group: choose the group it runs on`,
      );
    } else if (node.summary !== undefined && !keepsOutputInGroup(node)) {
      problem(node.id, "summary", "summary fields are for outputs kept in their worker group");
    }
    for (const [root, value] of templatePlaces(node)) {
      for (const ref of findReferences(value)) {
        if (ref.source !== "step") continue;
        const source = byId.get(ref.nodeId);
        if (!source || !keepsOutputInGroup(source)) continue;
        const group = workerGroupOf(source);
        const sameGroup = node.type === "action" && workerGroupOf(node) === group;
        if (sameGroup || readsOnlySummary(source.summary ?? [], ref.path)) continue;
        const allowed = source.summary?.length
          ? `only its summary fields (${source.summary.join(", ")})`
          : "nothing of it (it declares no summary fields)";
        problem(
          node.id,
          root,
          `${ref.raw} reads the output of ${displayName(source)}, which stays in the worker group "${group}": steps outside that group may read ${allowed}`,
        );
      }
    }
  }
  return problems;
}
