import type { Graph, ValidationProblem } from "../../../worker/engine/types";

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
 * A parse problem inside a for-each's body (`forEach.body.nodes[j].input.url` of the
 * for-each) is moved to that body step (`input.url` of the step), whose form shows it.
 */
export function nodeRelative(findings: Findings, graph: Pick<Graph, "nodes">): Findings {
  const strip = (p: ValidationProblem): ValidationProblem => {
    if (p.nodeId === null) return p;
    const field = p.field.replace(/^nodes\[\d+\]\./, "");
    const inBody = /^forEach\.body\.nodes\[(\d+)\]\.?(.*)$/.exec(field);
    const step = inBody
      ? graph.nodes.find((n) => n.id === p.nodeId)?.forEach?.body.nodes[Number(inBody[1])]
      : undefined;
    return step ? { ...p, nodeId: step.id, field: inBody![2]! } : { ...p, field };
  };
  return { problems: findings.problems.map(strip), warnings: findings.warnings.map(strip) };
}
