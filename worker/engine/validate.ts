// Everything wrong with a graph, all at once, so the editor can show every problem on
// save. Warnings do not block saving.
import { graphLimitProblems, triggerIntervalProblems } from "./graph-limits";
import { buildTopology } from "./topology";
import type { Graph, ValidationProblem } from "./types";
import { duplicateStepIdProblems, forEachFindings } from "./validate-for-each";
import { nodeProblems, type ActionCatalog, type ValidateOptions } from "./validate-nodes";
import { structureProblems } from "./validate-structure";
import { templateFindings } from "./validate-templates";
import { triggerProblems } from "./validate-trigger";
import { workerGroupProblems } from "./worker-groups";

export type { ActionCatalog, ValidateOptions } from "./validate-nodes";

export interface ValidationResult {
  problems: ValidationProblem[];
  warnings: ValidationProblem[];
}

export function validateGraph(
  graph: Graph,
  catalog: ActionCatalog,
  options: ValidateOptions = {},
): ValidationResult {
  const oversized = graphLimitProblems(graph);
  if (oversized.length > 0) return { problems: oversized, warnings: [] };
  const topo = buildTopology(graph);
  const problems = [...structureProblems(graph, topo), ...duplicateStepIdProblems(graph)];
  problems.push(...triggerIntervalProblems(graph, options.minTriggerIntervalSeconds));
  problems.push(...workerGroupProblems(graph));
  const warnings: ValidationProblem[] = [];
  for (const node of graph.nodes) {
    problems.push(...nodeProblems(node, catalog, options));
    problems.push(...triggerProblems(node, catalog, options));
    for (const found of [
      templateFindings(node, topo),
      forEachFindings(node, topo, catalog, options),
    ]) {
      problems.push(...found.problems);
      warnings.push(...found.warnings);
    }
  }
  return { problems, warnings };
}
