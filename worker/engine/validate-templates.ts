// Template checks per node (R6): malformed templates, references that cannot have data
// when the node runs (problems), and references that may be null (warnings).
import { formatFieldPath } from "./field-path";
import { forEachString, referencesIn, templateErrorsIn } from "./templates";
import { ancestorsOf, guaranteedSucceededAncestors, type Topology } from "./topology";
import type { GraphNode, ValidationProblem } from "./types";

export interface Findings {
  problems: ValidationProblem[];
  warnings: ValidationProblem[];
}

export function templateFindings(node: GraphNode, topo: Topology): Findings {
  const findings: Findings = { problems: [], warnings: [] };
  const places: [string, unknown][] = [["input", node.input]];
  if (node.condition) {
    places.push(["condition.left", node.condition.left], ["condition.right", node.condition.right]);
  }
  for (const [root, value] of places) {
    forEachString(value, (text, path) => {
      const field = formatFieldPath([root, ...path]);
      for (const message of templateErrorsIn(text)) {
        findings.problems.push({ nodeId: node.id, field, message });
      }
      for (const ref of referencesIn(text)) {
        if (ref.source === "trigger") continue;
        const finding = checkReference(topo, node.id, ref.nodeId, ref.raw);
        if (finding)
          findings[finding.severity].push({ nodeId: node.id, field, message: finding.message });
      }
    });
  }
  return findings;
}

function checkReference(
  topo: Topology,
  nodeId: string,
  referenced: string,
  raw: string,
): { severity: keyof Findings; message: string } | null {
  if (!topo.nodesById.has(referenced)) {
    return {
      severity: "problems",
      message: `${raw} refers to "${referenced}", which is not a node of this graph`,
    };
  }
  if (referenced === nodeId) {
    return { severity: "problems", message: `${raw} refers to "${referenced}", the node itself` };
  }
  if (!ancestorsOf(topo, nodeId).has(referenced)) {
    return {
      severity: "problems",
      message: `${raw} refers to "${referenced}", which is not an ancestor of this node, so its output is not available here`,
    };
  }
  if (!guaranteedSucceededAncestors(topo, nodeId).has(referenced)) {
    return {
      severity: "warnings",
      message: `${raw} refers to "${referenced}", reached only through an independent edge: it resolves to null if "${referenced}" does not succeed`,
    };
  }
  return null;
}
