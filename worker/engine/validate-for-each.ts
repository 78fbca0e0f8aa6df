// For-each nodes: a list to go through and a body of ordinary steps, checked like a
// graph of its own (edges, cycles, each step's fields and templates).
import { bodyTopology } from "./for-each";
import { buildTopology, type Topology } from "./topology";
import type { Graph, GraphEdge, GraphNode, ValidationProblem } from "./types";
import { nodeProblems, type ActionCatalog, type ValidateOptions } from "./validate-nodes";
import { cycleProblems, edgeProblems } from "./validate-structure";
import { templateFindings, type Findings } from "./validate-templates";
import { containsTemplate } from "./templates";

const BODY_STEP_TYPES: ReadonlySet<GraphNode["type"]> = new Set(["action", "condition"]);

export function forEachFindings(
  node: GraphNode,
  topo: Topology,
  catalog: ActionCatalog,
  options: ValidateOptions,
): Findings {
  const findings: Findings = { problems: [], warnings: [] };
  const problem = (nodeId: string, field: string, message: string) =>
    findings.problems.push({ nodeId, field, message });
  if (node.type !== "foreach") {
    if (node.forEach) problem(node.id, "forEach", "only for-each nodes have a list and steps");
    return findings;
  }
  const spec = node.forEach;
  if (!spec) {
    problem(node.id, "forEach", "a for-each node needs a list and the steps to run per item");
    return findings;
  }
  if (!containsTemplate(spec.items)) {
    problem(node.id, "forEach.items", "must be a template naming a list, e.g. {{ trigger.rows }}");
  }
  const body: Graph = { nodes: spec.body.nodes, edges: spec.body.edges };
  const bodyTopo = buildTopology(body);
  const prefixed = (found: ValidationProblem[]) =>
    found.map((p) => ({ ...p, field: `forEach.body.${p.field}` }));
  findings.problems.push(
    ...prefixed(edgeProblems(body, bodyTopo)),
    ...prefixed(cycleProblems(bodyTopo)),
  );

  const context = contextTopology(topo, node, spec.body.edges);
  for (const step of spec.body.nodes) {
    if (!BODY_STEP_TYPES.has(step.type)) {
      problem(
        step.id,
        "type",
        "a for-each runs actions and conditions for each item; approvals, triggers and for-each nodes cannot go inside one",
      );
      continue;
    }
    findings.problems.push(...nodeProblems(step, catalog, options));
    const templates = templateFindings(step, context, { insideForEach: node.id, graph: topo });
    findings.problems.push(...templates.problems);
    findings.warnings.push(...templates.warnings);
  }
  return findings;
}

/** Body step ids that are used elsewhere in the graph (ids are unique across all of it). */
export function duplicateStepIdProblems(graph: Graph): ValidationProblem[] {
  const seen = new Set(graph.nodes.map((n) => n.id));
  const problems: ValidationProblem[] = [];
  for (const node of graph.nodes) {
    for (const step of node.forEach?.body.nodes ?? []) {
      if (seen.has(step.id)) {
        problems.push({
          nodeId: step.id,
          field: "id",
          message: `step id "${step.id}" is already used elsewhere in this graph`,
        });
      }
      seen.add(step.id);
    }
  }
  return problems;
}

/**
 * The graph as a body step sees it, for its templates: the for-each node's place taken
 * by the body, whose first steps hang from the for-each node's parents with the same
 * edge kinds, so its ancestors are the for-each's ancestors and earlier body steps.
 */
export function contextTopology(topo: Topology, node: GraphNode, bodyEdges: GraphEdge[]): Topology {
  const firstSteps = bodyTopology(topo, node.id).children.get(node.id) ?? [];
  const incoming = topo.parents.get(node.id) ?? [];
  return buildTopology({
    nodes: [
      ...topo.graph.nodes.filter((n) => n.id !== node.id),
      ...(node.forEach?.body.nodes ?? []),
    ],
    edges: [
      ...topo.graph.edges.filter((e) => e.from !== node.id && e.to !== node.id),
      ...incoming.flatMap((e) => firstSteps.map((first) => ({ ...e, to: first.to }))),
      ...bodyEdges,
    ],
  });
}
