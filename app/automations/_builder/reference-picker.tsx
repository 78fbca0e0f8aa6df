"use client";

import type { Reference } from "./references";

/**
 * A select that appends the chosen `{{ }}` template to a field. A native select keeps it
 * keyboard reachable and readable by screen readers without extra work.
 */
export function ReferencePicker({
  fieldLabel,
  references,
  onPick,
}: {
  fieldLabel: string;
  references: Reference[];
  onPick: (template: string) => void;
}) {
  return (
    <select
      aria-label={`Insert reference into ${fieldLabel}`}
      className="mt-1 !w-auto max-w-full text-xs"
      value=""
      onChange={(e) => {
        if (e.target.value) onPick(e.target.value);
      }}
    >
      <option value="">Insert reference…</option>
      {references.map((r) => (
        <option key={r.template} value={r.template}>
          {r.label}
          {r.mayBeNull ? " (null unless it succeeds)" : ""}
        </option>
      ))}
    </select>
  );
}
