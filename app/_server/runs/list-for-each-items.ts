import type { z } from "zod";
import type { PrismaClient } from "../../../prisma/client";
import { bodyStepIds, bodyTopology } from "../../../worker/engine/for-each";
import { AppError } from "../../../worker/errors";
import { redact } from "../../../worker/redact";
import { topologyForVersion } from "../../../worker/runs/locked-run";
import type { Actor } from "../../_lib/actor-type";
import { forEachItemState } from "../../api/v1/_schemas/runs";
import { assertRunInWorkspace } from "./owned-run";

export type ItemState = z.output<typeof forEachItemState>;

export interface ForEachItemsQuery {
  /** Only items in this state; absent: all. */
  state?: ItemState;
  /** 1-based. */
  page: number;
  pageSize: number;
}

/** How a failed item failed: the first of its steps that failed, and that step's last attempt. */
export interface ItemError {
  nodeId: string;
  errorClass: string | null;
  message: string | null;
  httpStatus: number | null;
}

/**
 * One page of a for-each's items in a run, in index order, with how many items are in
 * each state. Only the page's rows are read, and only their steps' attempts: a page of
 * 10,000 items costs what a page of 100 does (ForEachItem's indexes are on
 * runId, nodeId, index and runId, nodeId, state, index).
 */
export async function listForEachItems(
  prisma: PrismaClient,
  actor: Actor,
  runId: string,
  nodeId: string,
  query: ForEachItemsQuery,
) {
  await assertRunInWorkspace(prisma, actor, runId);
  const run = await prisma.run.findUniqueOrThrow({
    where: { id: runId },
    select: { versionId: true },
  });
  const topo = await topologyForVersion(prisma, run.versionId);
  if (!topo.nodesById.get(nodeId)?.forEach) {
    throw new AppError("not_found", `Run ${runId} has no for-each step "${nodeId}"`);
  }
  const where = { runId, nodeId, state: query.state };
  const [grouped, rows] = await Promise.all([
    prisma.forEachItem.groupBy({ by: ["state"], where: { runId, nodeId }, _count: true }),
    prisma.forEachItem.findMany({
      where,
      orderBy: { index: "asc" },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
      select: {
        index: true,
        value: true,
        state: true,
        output: true,
        generation: true,
        startedAt: true,
        endedAt: true,
      },
    }),
  ]);
  const counts = Object.fromEntries(forEachItemState.options.map((s) => [s, 0])) as Record<
    ItemState,
    number
  >;
  for (const group of grouped) counts[group.state as ItemState] = group._count;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const matching = query.state ? counts[query.state] : total;

  const steps = bodyStepIds(bodyTopology(topo, nodeId));
  const stepRows = rows.length
    ? await prisma.nodeRun.findMany({
        where: { runId, nodeId: { in: steps }, item: { in: rows.map((r) => r.index) } },
        select: {
          id: true,
          nodeId: true,
          item: true,
          state: true,
          attempts: {
            orderBy: [{ generation: "asc" }, { number: "asc" }],
            select: { errorClass: true, message: true, httpStatus: true },
          },
        },
      })
    : [];
  const order = new Map(steps.map((id, i) => [id, i]));
  stepRows.sort((a, b) => order.get(a.nodeId)! - order.get(b.nodeId)!);

  return {
    runId,
    nodeId,
    counts: { total, ...counts },
    state: query.state ?? null,
    page: query.page,
    pageSize: query.pageSize,
    pageCount: Math.max(1, Math.ceil(matching / query.pageSize)),
    matching,
    items: rows.map((row) => {
      const own = stepRows.filter((s) => s.item === row.index);
      const failed = own.find((s) => s.state === "failed");
      const last = failed?.attempts.at(-1);
      const error: ItemError | null = failed
        ? {
            nodeId: failed.nodeId,
            errorClass: last?.errorClass ?? null,
            message: last?.message ?? null,
            httpStatus: last?.httpStatus ?? null,
          }
        : null;
      return {
        ...row,
        // The store writes only these states (worker/runs/store/for-each-items.ts).
        state: row.state as ItemState,
        value: redact(row.value),
        output: redact(row.output ?? null),
        attempts: own.reduce((n, s) => n + s.attempts.length, 0),
        error,
      };
    }),
  };
}

export type ForEachItemsPage = Awaited<ReturnType<typeof listForEachItems>>;
