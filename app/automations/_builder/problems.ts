import type { ValidationProblem } from "../../../worker/engine/types";

/** Problems and warnings as the builder shows them: per node and field, or for the graph. */
export interface Findings {
  problems: ValidationProblem[];
  warnings: ValidationProblem[];
}

export const NO_FINDINGS: Findings = { problems: [], warnings: [] };

/** Findings about one field of one node; `prefix` also matches sub-fields ("input.headers.x"). */
export function findingsFor(findings: Findings, nodeId: string | null, field: string) {
  const match = (p: ValidationProblem) =>
    p.nodeId === nodeId && (p.field === field || p.field.startsWith(`${field}.`));
  return { errors: findings.problems.filter(match), warnings: findings.warnings.filter(match) };
}

/**
 * The same findings with parse problems' `nodes[i].` dropped: the graph parser spells a
 * field from the graph's root, the inputs match it from their node (which `nodeId` names).
 */
export function nodeRelative(findings: Findings): Findings {
  const strip = (p: ValidationProblem) =>
    p.nodeId === null ? p : { ...p, field: p.field.replace(/^nodes\[\d+\]\./, "") };
  return { problems: findings.problems.map(strip), warnings: findings.warnings.map(strip) };
}
