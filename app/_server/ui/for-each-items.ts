import type { PrismaClient } from "../../../prisma/client";
import { topologyForVersion } from "../../../worker/runs/locked-run";
import { errorWords, nodeStateWords, stepNames } from "../../../worker/names";
import type { Actor } from "../../_lib/actor-type";
import { listForEachItems, type ItemError, type ItemState } from "../runs/list-for-each-items";
import { itemCountWords, itemOutcomeWords, previewValue } from "./for-each-words";

export const ITEMS_PER_PAGE = 50;

export interface ItemsSearch {
  state?: ItemState;
  page: number;
}

/**
 * A for-each's card on the run page: its items counted in a sentence, and one page of
 * them with each item's value in a line, its outcome in words and, for a failed one,
 * which step failed and why (its last attempt), by the step's name; after a retry, whether
 * it kept an earlier generation's outcome or ran again.
 */
export async function forEachItemsView(
  prisma: PrismaClient,
  actor: Actor,
  runId: string,
  node: { id: string; state: string },
  search: ItemsSearch,
) {
  const page = await listForEachItems(prisma, actor, runId, node.id, {
    ...search,
    pageSize: ITEMS_PER_PAGE,
  });
  const run = await prisma.run.findUniqueOrThrow({
    where: { id: runId },
    select: { versionId: true, generation: true },
  });
  const label = stepNames((await topologyForVersion(prisma, run.versionId)).graph);
  const explain = (error: ItemError) => {
    const why = error.errorClass ? errorWords(error.errorClass, error.httpStatus) : null;
    const head = `${label(error.nodeId)} failed${why ? `: ${why}` : ""}`;
    return error.message ? `${head}. ${error.message}` : head;
  };
  return {
    nodeId: node.id,
    countWords: itemCountWords(page.counts, node.state),
    counts: page.counts,
    state: page.state,
    page: page.page,
    pageCount: page.pageCount,
    matching: page.matching,
    rows: page.items.map((item) => ({
      index: item.index,
      preview: previewValue(item.value),
      state: item.state,
      outcomeWords: itemOutcomeWords(nodeStateWords(item.state), item, run.generation),
      error: item.error ? explain(item.error) : null,
      attempts: item.attempts,
    })),
  };
}

export type ForEachItemsView = Awaited<ReturnType<typeof forEachItemsView>>;
