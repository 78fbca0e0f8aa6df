import type { RunView } from "../../_server/ui/run-view";

/**
 * Which version each generation ran on and, for a retry on a newer version, what was
 * kept and why the rest ran again. Shown once a run has more than one generation.
 */
export function GenerationHistory({ generations }: { generations: RunView["generations"] }) {
  if (generations.length < 2) return null;
  return (
    <section aria-labelledby="generations-heading">
      <h2 id="generations-heading">Generations</h2>
      <ol className="space-y-2 text-sm">
        {generations.map((g) => (
          <li key={g.generation} data-generation={g.generation}>
            <strong>Generation {g.generation}</strong> ran on version {g.versionNumber}
            {g.changes ? (
              <ul className="mt-1 list-disc pl-5">
                {g.changes.kept.length > 0 ? (
                  <li data-kept>Kept (unchanged, succeeded before): {g.changes.kept.join(", ")}</li>
                ) : null}
                {g.changes.rerun.map((r) => (
                  <li key={r.step} data-rerun>
                    Ran again: {r.step} — {r.why}
                  </li>
                ))}
                {g.changes.items.map((i) => (
                  <li key={i.forEach} data-rerun-items>
                    Items of {i.forEach}: {i.words}
                  </li>
                ))}
                {g.changes.removed.length > 0 ? (
                  <li data-removed>
                    Not in version {g.versionNumber}, not run: {g.changes.removed.join(", ")}
                  </li>
                ) : null}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
