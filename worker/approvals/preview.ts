import { resolveTemplates, type TemplateData, type Topology } from "../engine/index";
import { stepNames } from "../names";
import { redact } from "../redact";

export interface HeldAction {
  nodeId: string;
  /** Its display name (R15). */
  name: string;
  action: string;
  /** The input as it would be sent with the run's data so far, secrets redacted. */
  input: unknown;
}

/**
 * What approving lets happen: the action nodes that depend on the gate (through
 * dependent edges, transitively — the ones a rejection would skip), with their
 * inputs rendered from the trigger and the outputs available now. A value read
 * from a step that has not run yet shows as null.
 */
export function heldActions(topo: Topology, gateId: string, data: TemplateData): HeldAction[] {
  const held = new Set<string>();
  const queue = [gateId];
  for (let i = 0; i < queue.length; i++) {
    for (const edge of topo.children.get(queue[i]!) ?? []) {
      if (edge.kind !== "dependent" || held.has(edge.to)) continue;
      held.add(edge.to);
      queue.push(edge.to);
    }
  }
  const name = stepNames(topo.graph);
  return topo.order
    .filter((id) => held.has(id))
    .map((id) => topo.nodesById.get(id)!)
    .filter((node) => node.type === "action")
    .map((node) => ({
      nodeId: node.id,
      name: name(node.id),
      action: node.action ?? "",
      input: redact(resolveTemplates(node.input ?? {}, data)),
    }));
}
