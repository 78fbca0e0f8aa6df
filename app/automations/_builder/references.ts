// The values a template in a node may read (R6): the trigger payload's fields, taken from
// the sample the user typed, and the output fields of the node's ancestors, taken from
// their actions' output schemas and from what testing them returned. A step inside a
// for-each also reads the item, whose fields come from the first item of the list in
// the sample, and the earlier steps of the same item.
import { stepLocations } from "../../../worker/engine/for-each";
import { resolveTemplates } from "../../../worker/engine/templates";
import {
  ancestorsOf,
  buildTopology,
  guaranteedSucceededAncestors,
  type Topology,
} from "../../../worker/engine/topology";
import type { Graph, GraphNode } from "../../../worker/engine/types";
import { contextTopology } from "../../../worker/engine/validate-for-each";
import type { CatalogAction, FieldSchema } from "../../_server/ui/types";

export interface Reference {
  template: string;
  label: string;
  /** Read through an independent edge only: null whenever that step does not succeed. */
  mayBeNull: boolean;
  /** The value is a list (in the sample, a test, or by its schema): a for-each can go through it. */
  list: boolean;
}

/** What a for-each hands on (worker/runs/store/for-each-items.ts writes it). */
const FOR_EACH_OUTPUT: Record<string, FieldSchema> = {
  total: { type: "integer", description: "how many items the list had" },
  succeededCount: { type: "integer", description: "items that succeeded" },
  failedCount: { type: "integer", description: "items that did not succeed" },
  items: { type: "array", description: "per item: index, outcome and the steps' outputs" },
  succeededItems: { type: "array", description: "the steps' outputs of the items that succeeded" },
};

export function referencesFor(
  graph: Graph,
  nodeId: string,
  sample: unknown,
  actionOf: (key: string) => CatalogAction | undefined,
  /** Outputs of steps tested in the builder, by node id. */
  tested: Record<string, unknown> = {},
): Reference[] {
  const refs: Reference[] = [
    {
      template: "{{ trigger }}",
      label: "trigger (whole payload)",
      mayBeNull: false,
      list: Array.isArray(sample),
    },
    ...valuePaths(sample).map(({ path, list }) => ({
      template: `{{ trigger.${path} }}`,
      label: `trigger.${path}`,
      mayBeNull: false,
      list,
    })),
  ];
  const whole = buildTopology(graph);
  const place = stepLocations(whole).get(nodeId);
  if (!place) return refs;
  const holder = place.forEachId ? whole.nodesById.get(place.forEachId) : undefined;
  if (holder?.forEach) refs.push(...itemReferences(sampleItem(graph, holder.id, sample, tested)));
  // A body step sees the graph with the for-each's place taken by its body, as the
  // validator does: the for-each's ancestors, then the item's earlier steps.
  const topo = holder?.forEach ? contextTopology(whole, holder, holder.forEach.body.edges) : whole;
  refs.push(...ancestorReferences(topo, nodeId, actionOf, tested));
  return refs;
}

/**
 * The first item of a for-each's list, as the sample payload (and the tested steps)
 * have it: what `{{ item.… }}` reads while building and testing. Undefined when the
 * list does not resolve to a non-empty list.
 */
export function sampleItem(
  graph: Graph,
  forEachId: string,
  sample: unknown,
  tested: Record<string, unknown>,
): unknown {
  const items = graph.nodes.find((n) => n.id === forEachId)?.forEach?.items ?? "";
  const list = resolveTemplates(items, { trigger: sample, steps: tested });
  return Array.isArray(list) ? list[0] : undefined;
}

function itemReferences(item: unknown): Reference[] {
  return [
    { template: "{{ item }}", label: "item (the whole item)", mayBeNull: false, list: false },
    ...valuePaths(item).map(({ path, list }) => ({
      template: `{{ item.${path} }}`,
      label: `item.${path}`,
      mayBeNull: false,
      list,
    })),
  ];
}

function ancestorReferences(
  topo: Topology,
  nodeId: string,
  actionOf: (key: string) => CatalogAction | undefined,
  tested: Record<string, unknown>,
): Reference[] {
  const refs: Reference[] = [];
  const ancestors = ancestorsOf(topo, nodeId);
  const safe = guaranteedSucceededAncestors(topo, nodeId);
  for (const id of topo.order) {
    if (!ancestors.has(id) || id === topo.triggerId) continue;
    const node = topo.nodesById.get(id)!;
    const mayBeNull = !safe.has(id);
    const name = node.name ? `${node.name} (${id})` : id;
    refs.push({
      template: `{{ steps.${id} }}`,
      label: `${name}: whole output`,
      mayBeNull,
      list: Array.isArray(tested[id]),
    });
    const declared = Object.entries(declaredOutput(node, actionOf));
    for (const [field, schema] of declared) {
      refs.push({
        template: `{{ steps.${id}.${field} }}`,
        label: `${name}.${field}${schema.description ? ` — ${schema.description}` : ""}`,
        mayBeNull,
        list: schema.type === "array",
      });
    }
    // A test shows what the schema cannot: an HTTP body's fields, nested values.
    const offered = new Set(declared.map(([field]) => field));
    for (const { path, list } of valuePaths(tested[id]).filter((p) => !offered.has(p.path))) {
      refs.push({
        template: `{{ steps.${id}.${path} }}`,
        label: `${name}.${path} — seen in the test`,
        mayBeNull,
        list,
      });
    }
  }
  return refs;
}

function declaredOutput(
  node: GraphNode,
  actionOf: (key: string) => CatalogAction | undefined,
): Record<string, FieldSchema> {
  if (node.type === "foreach") return FOR_EACH_OUTPUT;
  return (node.action ? actionOf(node.action)?.output.properties : undefined) ?? {};
}

/** Dot paths into an object, three levels deep; lists are offered whole, not entered. */
function valuePaths(value: unknown, prefix = "", depth = 3): { path: string; list: boolean }[] {
  if (depth === 0 || value === null || typeof value !== "object" || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return [{ path, list: Array.isArray(child) }, ...valuePaths(child, path, depth - 1)];
  });
}
