import { getAction } from "../../../connectors/registry";
import { allSteps } from "../../../worker/engine/for-each";
import type { Graph } from "../../../worker/engine/types";
import { stepNames } from "../../../worker/names";

/**
 * A graph as a read-only picture shows it: every step named as people know it (its name,
 * else its action's title, R15) and each action step's app and action in words
 * ("Demo Chat: Post message") — resolved here, so no connector catalogue goes to the browser.
 */
export function graphForPicture(graph: Graph): { graph: Graph; kinds: Record<string, string> } {
  const name = stepNames(graph);
  const kinds: Record<string, string> = {};
  for (const node of allSteps(graph)) {
    const found = node.action ? getAction(node.action) : undefined;
    if (found) kinds[node.id] = `${found.connector.displayName}: ${found.action.displayName}`;
  }
  const named = <T extends { id: string }>(node: T) => ({ ...node, name: name(node.id) });
  return {
    graph: {
      ...graph,
      nodes: graph.nodes.map((node) =>
        node.forEach
          ? {
              ...named(node),
              forEach: {
                ...node.forEach,
                body: { ...node.forEach.body, nodes: node.forEach.body.nodes.map(named) },
              },
            }
          : named(node),
      ),
    },
    kinds,
  };
}
