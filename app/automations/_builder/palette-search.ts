// The palette's entries and its search, pure: every action of every connector plus the
// built-in kinds of step, found by the app's name or the action's.
import type { CatalogConnector } from "../../_server/ui/types";
import type { AddableType } from "./add-step";

export interface PaletteEntry {
  /** Unique among the entries: the action's key, or the kind of step. */
  key: string;
  type: AddableType;
  /** The app (connector) it belongs to; "Built in" for approvals, conditions, for-each. */
  app: string;
  title: string;
  description: string;
  /** Action entries: the action's key and the first usable connection. */
  action?: string;
  connection?: string;
}

const BUILT_IN: PaletteEntry[] = [
  {
    key: "condition",
    type: "condition",
    app: "Built in",
    title: "Condition",
    description: "Goes on only when a value matches.",
  },
  {
    key: "approval",
    type: "approval",
    app: "Built in",
    title: "Approval",
    description: "Waits until a person approves.",
  },
  {
    key: "foreach",
    type: "foreach",
    app: "Built in",
    title: "For each item",
    description: "Runs steps once for every item of a list.",
  },
];

export function paletteEntries(catalog: CatalogConnector[]): PaletteEntry[] {
  const actions = catalog.flatMap((c) =>
    c.actions.map((a): PaletteEntry => ({
      key: a.key,
      type: "action",
      app: c.displayName,
      title: a.displayName,
      description: a.description,
      action: a.key,
      connection: c.connections[0]?.id,
    })),
  );
  return [...actions, ...BUILT_IN];
}

/** Entries whose app or title holds every word of the query, in any order and case. */
export function searchPalette(entries: PaletteEntry[], query: string): PaletteEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return entries.filter((entry) => {
    const text = `${entry.app} ${entry.title}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
}
