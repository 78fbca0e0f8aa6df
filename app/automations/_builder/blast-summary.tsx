"use client";

import type { BlastRadius } from "../../../worker/engine/blast-radius";
import type { Graph } from "../../../worker/engine/types";
import type { Blast } from "./flow-parts";

/** A box's role in a blast radius: the failing step, skipped, still runs, or untouched. */
export function blastRole(radius: BlastRadius | null, id: string): Blast {
  if (!radius) return null;
  if (radius.failed === id) return "failed";
  if (radius.skipped.some((s) => s.nodeId === id)) return "skipped";
  return radius.stillRuns.includes(id) ? "runs" : null;
}

/** What a step's failure would skip and what would still run, in a sentence. */
export function BlastSummary(props: {
  chosen: string | null;
  radius: BlastRadius | null;
  label: (id: string) => string;
  /** What the summary says while no step is chosen. */
  prompt: string;
}) {
  const { radius, label } = props;
  return (
    <div aria-live="polite" className="text-sm" data-blast-summary>
      {!props.chosen ? (
        <p className="muted">{props.prompt}</p>
      ) : !radius ? (
        <p className="muted">The trigger never fails.</p>
      ) : (
        <p>
          If <strong>{label(radius.failed)}</strong> failed:{" "}
          {radius.skipped.length
            ? `${radius.skipped.map((s) => label(s.nodeId)).join(", ")} would be skipped`
            : "nothing would be skipped"}
          {"; "}
          {radius.stillRuns.length
            ? `${radius.stillRuns.map(label).join(", ")} would still run`
            : "nothing below it runs anyway"}
          ; every other branch is untouched.
        </p>
      )}
    </div>
  );
}

/** Choose a step (the keyboard's way to what hovering shows), and what its failure does. */
export function BlastPicker(props: {
  graph: Graph;
  label: (id: string) => string;
  chosen: string | null;
  onChoose: (id: string | null) => void;
  /** The step whose radius is shown: the chosen one, or one the pointer is over. */
  shown: string | null;
  radius: BlastRadius | null;
  prompt: string;
}) {
  return (
    <>
      <div className="max-w-xs space-y-1">
        <label htmlFor="blast-node">Blast radius of</label>
        <select
          id="blast-node"
          value={props.chosen ?? ""}
          onChange={(e) => props.onChoose(e.target.value || null)}
        >
          <option value="">no step selected</option>
          {props.graph.nodes
            .filter((n) => n.type !== "trigger")
            .map((n) => (
              <option key={n.id} value={n.id}>
                {props.label(n.id)}
              </option>
            ))}
        </select>
      </div>
      <BlastSummary
        chosen={props.shown}
        radius={props.radius}
        label={props.label}
        prompt={props.prompt}
      />
    </>
  );
}
