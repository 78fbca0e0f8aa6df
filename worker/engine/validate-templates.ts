// Template checks per node (R6): malformed templates, references that cannot have data
// when the node runs (problems), and references that may be null (warnings).
import { formatFieldPath } from "./field-path";
import { findStep } from "./for-each";
import { forEachString, referencesIn, templateErrorsIn } from "./templates";
import { ancestorsOf, guaranteedSucceededAncestors, type Topology } from "./topology";
import type { GraphNode, ValidationProblem } from "./types";
import { templatePlaces } from "./worker-groups";

export interface Findings {
  problems: ValidationProblem[];
  warnings: ValidationProblem[];
}

/** Where the node sits: a step of a for-each body may read the item. */
export interface TemplateContext {
  /** The for-each whose body holds the node; absent at the top of the graph. */
  insideForEach?: string;
  /** The whole graph, to say where a step that is not an ancestor lives. */
  graph: Topology;
}

/**
 * `topo` is the graph as the node sees it: for a step of a for-each body, the body's
 * steps hanging from the for-each node's parents (validate-for-each.ts).
 */
export function templateFindings(
  node: GraphNode,
  topo: Topology,
  context: TemplateContext = { graph: topo },
): Findings {
  const findings: Findings = { problems: [], warnings: [] };
  for (const [root, value] of templatePlaces(node)) {
    forEachString(value, (text, path) => {
      const field = formatFieldPath([root, ...path]);
      for (const message of templateErrorsIn(text)) {
        findings.problems.push({ nodeId: node.id, field, message });
      }
      for (const ref of referencesIn(text)) {
        if (ref.source === "trigger") continue;
        const finding =
          ref.source === "item"
            ? itemReference(context, ref.raw)
            : checkReference(topo, context, node.id, ref.nodeId, ref.raw);
        if (finding)
          findings[finding.severity].push({ nodeId: node.id, field, message: finding.message });
      }
    });
  }
  return findings;
}

type Finding = { severity: keyof Findings; message: string } | null;

function itemReference(context: TemplateContext, raw: string): Finding {
  if (context.insideForEach) return null;
  return {
    severity: "problems",
    message: `${raw} reads the current item, which only the steps inside a for-each have`,
  };
}

function checkReference(
  topo: Topology,
  context: TemplateContext,
  nodeId: string,
  referenced: string,
  raw: string,
): Finding {
  if (referenced === context.insideForEach) {
    return {
      severity: "problems",
      message: `${raw} refers to the for-each "${referenced}" this step runs inside: its output exists only once every item has finished`,
    };
  }
  if (!topo.nodesById.has(referenced)) {
    const holder = findStep(context.graph, referenced)?.forEachId;
    return {
      severity: "problems",
      message: holder
        ? `${raw} refers to "${referenced}", a step inside the for-each "${holder}": read its results from {{ steps.${holder}.items }}`
        : `${raw} refers to "${referenced}", which is not a node of this graph`,
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
