// The values a template in a node may read (R6): the trigger payload's fields, taken from
// the sample the user typed, and the output fields of the node's ancestors, taken from
// their actions' output schemas and from what testing them returned.
import {
  ancestorsOf,
  buildTopology,
  guaranteedSucceededAncestors,
} from "../../../worker/engine/topology";
import type { Graph } from "../../../worker/engine/types";
import type { CatalogAction } from "../../_server/ui/types";

export interface Reference {
  template: string;
  label: string;
  /** Read through an independent edge only: null whenever that step does not succeed. */
  mayBeNull: boolean;
}

export function referencesFor(
  graph: Graph,
  nodeId: string,
  sample: unknown,
  actionOf: (key: string) => CatalogAction | undefined,
  /** Outputs of steps tested in the builder, by node id. */
  tested: Record<string, unknown> = {},
): Reference[] {
  const refs: Reference[] = [
    { template: "{{ trigger }}", label: "trigger (whole payload)", mayBeNull: false },
  ];
  for (const path of samplePaths(sample, "", 3)) {
    refs.push({ template: `{{ trigger.${path} }}`, label: `trigger.${path}`, mayBeNull: false });
  }
  const topo = buildTopology(graph);
  if (!topo.nodesById.has(nodeId)) return refs;
  const safe = guaranteedSucceededAncestors(topo, nodeId);
  for (const id of topo.order) {
    if (!ancestorsOf(topo, nodeId).has(id) || id === topo.triggerId) continue;
    const node = topo.nodesById.get(id)!;
    const mayBeNull = !safe.has(id);
    const name = node.name ? `${node.name} (${id})` : id;
    refs.push({ template: `{{ steps.${id} }}`, label: `${name}: whole output`, mayBeNull });
    const output = node.action ? actionOf(node.action)?.output : undefined;
    const declared = Object.entries(output?.properties ?? {});
    for (const [field, schema] of declared) {
      refs.push({
        template: `{{ steps.${id}.${field} }}`,
        label: `${name}.${field}${schema.description ? ` — ${schema.description}` : ""}`,
        mayBeNull,
      });
    }
    // A test shows what the schema cannot: an HTTP body's fields, nested values.
    const offered = new Set(declared.map(([field]) => field));
    for (const path of samplePaths(tested[id], "", 3).filter((p) => !offered.has(p))) {
      refs.push({
        template: `{{ steps.${id}.${path} }}`,
        label: `${name}.${path} — seen in the test`,
        mayBeNull,
      });
    }
  }
  return refs;
}

function samplePaths(value: unknown, prefix: string, depth: number): string[] {
  if (depth === 0 || value === null || typeof value !== "object" || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return [path, ...samplePaths(child, path, depth - 1)];
  });
}
