import { z } from "zod";
import type { PrismaClient } from "../../../prisma/client";
import type { Actor } from "../../_lib/actor-type";
import { forEachItemState } from "../../api/v1/_schemas/runs";
import { forEachItemsView, type ForEachItemsView, type ItemsSearch } from "./for-each-items";
import { runView } from "./run-view";

/** Which for-each's items the page shows filtered or paged (`?items=<nodeId>&state=failed&page=2`). */
export interface RunPageSearch extends ItemsSearch {
  items?: string;
}

const searchSchema = z.object({
  items: z.string().optional().catch(undefined),
  state: forEachItemState.optional().catch(undefined),
  page: z.coerce.number().int().min(1).catch(1),
});

/** The run page's search params; anything unreadable falls back to the first page of all items. */
export function parseRunPageSearch(get: (name: string) => string | undefined): RunPageSearch {
  return searchSchema.parse({ items: get("items"), state: get("state"), page: get("page") });
}

/**
 * The run page: the run (runView) and, for each for-each step, a page of its items —
 * the one `search.items` names filtered and paged as asked, the others their first page.
 */
export async function runPageView(
  prisma: PrismaClient,
  actor: Actor,
  runId: string,
  search: RunPageSearch,
) {
  const view = await runView(prisma, actor, runId);
  const items: Record<string, ForEachItemsView> = {};
  for (const node of view.nodes) {
    if (node.type !== "foreach") continue;
    const asked = node.id === search.items ? search : { page: 1 };
    items[node.id] = await forEachItemsView(prisma, actor, runId, node, asked);
  }
  return { ...view, items };
}

export type RunPageView = Awaited<ReturnType<typeof runPageView>>;
