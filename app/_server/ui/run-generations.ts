import type { PrismaClient } from "../../../prisma/client";
import { findStep, type ForEachReplay, type RerunReason } from "../../../worker/engine/index";
import { topologyForVersion } from "../../../worker/runs/locked-run";
import type { RunDetails } from "../../../worker/runs/get-run";
import { stepNames } from "../../../worker/names";

const WHY: Record<RerunReason, (version: number) => string> = {
  new: (v) => `new in version ${v}`,
  changed: (v) => `changed in version ${v}`,
  not_succeeded: () => "did not succeed before",
  upstream_reruns: () => "a step it depends on runs again",
};

/** What a for-each that ran again did with its items, in a sentence. */
function itemsWords(replay: ForEachReplay, version: number, name: (id: string) => string): string {
  if (replay.restart === "new")
    return `every item ran from the start: it is new in version ${version}`;
  if (replay.restart === "list_changed") {
    return `every item ran from the start: its list changed in version ${version}`;
  }
  if (replay.restart === "upstream_reruns") {
    return "every item ran from the start: a step it depends on ran again";
  }
  if (replay.rerunSteps.length === 0) return "only the items that did not succeed ran again";
  const steps = replay.rerunSteps.map((r) => `${name(r.stepId)} (${WHY[r.reason](version)})`);
  return `${steps.join(", ")} ran again in every item; the other steps of items that had succeeded kept their results`;
}

/**
 * Each generation of a run in words, for its page: the version it ran on and, where a
 * retry moved the run to a newer version, which steps kept their results and why the
 * others ran again. Also the automation's latest version, which the retry would use.
 */
export async function runGenerations(
  prisma: PrismaClient,
  run: Pick<RunDetails, "automationId" | "generations">,
) {
  const latest = await prisma.automationVersion.aggregate({
    where: { automationId: run.automationId },
    _max: { number: true },
  });
  const generations = [];
  let previousVersionId: string | null = null;
  for (const g of run.generations) {
    const topo = await topologyForVersion(prisma, g.versionId);
    const before = previousVersionId ? await topologyForVersion(prisma, previousVersionId) : topo;
    const named = stepNames(topo.graph);
    const namedBefore = stepNames(before.graph);
    // A step the new version dropped is named as the version before called it.
    const name = (id: string) => (findStep(topo, id) ? named(id) : namedBefore(id));
    const v = g.version.number;
    generations.push({
      generation: g.generation,
      versionNumber: v,
      startedAt: g.startedAt.toISOString(),
      changes: g.plan && {
        kept: g.plan.kept.map(name),
        rerun: g.plan.rerun.map((r) => ({ step: name(r.nodeId), why: WHY[r.reason](v) })),
        removed: g.plan.removed.map(name),
        items: Object.entries(g.plan.forEach ?? {}).map(([forEachId, replay]) => ({
          forEach: name(forEachId),
          words: itemsWords(replay, v, name),
        })),
      },
    });
    previousVersionId = g.versionId;
  }
  const current = run.generations.at(-1)?.version.number ?? null;
  return {
    versionNumber: current,
    latestVersionNumber: latest._max.number ?? current,
    generations,
  };
}
