"use client";

import { useState } from "react";

/**
 * An example trigger payload, saved with the automation: the reference picker reads its
 * fields to offer `{{ trigger.… }}` templates, "Test step" sends it, and the automation
 * page's "Start run" starts from it.
 */
export function SamplePayload({
  initial,
  onChange,
}: {
  /** The saved sample, or a received event ("use as sample payload" on the automation page). */
  initial?: unknown;
  onChange: (sample: unknown) => void;
}) {
  const [text, setText] = useState(() =>
    initial === undefined ? "{}" : JSON.stringify(initial, null, 2),
  );
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="card space-y-1">
      <label htmlFor="sample-payload">Sample trigger payload (JSON)</label>
      <textarea
        id="sample-payload"
        rows={3}
        value={text}
        aria-describedby="sample-payload-help"
        onChange={(e) => {
          setText(e.target.value);
          try {
            onChange(JSON.parse(e.target.value || "{}"));
            setError(null);
          } catch {
            setError("Not valid JSON yet");
          }
        }}
      />
      <p id="sample-payload-help" className="muted">
        Its fields are offered as references, e.g. {"{{ trigger.customer.email }}"}.
      </p>
      {error ? <p className="field-warning">{error}</p> : null}
    </div>
  );
}
