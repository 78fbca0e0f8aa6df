"use client";

import { useState, useTransition } from "react";
import type { GraphNode } from "../../../worker/engine/types";
import type { RecentRun, TestStepView } from "../../_server/ui/types";
import { testStepAction } from "../actions";

const SAMPLE = "";

/**
 * "Test this step": the action run once now, against the real service, with the sample
 * payload (and the outputs of steps tested before) or an earlier run's data. A success
 * hands its output up, so later steps' reference pickers offer its fields.
 */
export function TestStep(props: {
  node: GraphNode;
  /** What the step calls, for the warning: "Demo Chat", "HTTP"; null when it calls nothing. */
  service: string | null;
  sample: unknown;
  /** Inside a for-each: the item to test with (the first of the list in the sample). */
  item?: unknown;
  /** Inside a for-each: its id; a run's data then brings one of that run's items. */
  forEachId?: string;
  tested: Record<string, unknown>;
  recentRuns: RecentRun[];
  label: (nodeId: string) => string;
  onTested: (output: unknown) => void;
}) {
  const { node } = props;
  const [runId, setRunId] = useState(SAMPLE);
  const [result, setResult] = useState<TestStepView | null>(null);
  const [testing, startTesting] = useTransition();
  const id = `${node.id}-test`;
  const test = () =>
    startTesting(async () => {
      const source =
        runId === SAMPLE
          ? { kind: "sample", payload: props.sample, steps: props.tested, item: props.item }
          : { kind: "run", runId, forEachId: props.forEachId };
      const view = await testStepAction({ node, source });
      setResult(view);
      if (view.ok) props.onTested(view.output);
    });
  return (
    <section
      className="space-y-2 border-t border-slate-200 pt-3"
      aria-labelledby={`${id}-heading`}
      data-test-step={node.id}
    >
      <h3 id={`${id}-heading`} className="text-sm font-semibold">
        Test this step
      </h3>
      {props.service === null ? (
        <p className="notice" id={`${id}-warning`}>
          Testing runs this step on the data below; it calls no service, and nothing is recorded in
          any run.
        </p>
      ) : (
        <p className="notice warn" id={`${id}-warning`}>
          Testing calls {props.service} for real: whatever this step does (post, create, send)
          really happens. Nothing is recorded in any run.
        </p>
      )}
      <div className="flex flex-wrap items-end gap-3">
        <div className="space-y-1">
          <label htmlFor={`${id}-source`}>Test with</label>
          <select id={`${id}-source`} value={runId} onChange={(e) => setRunId(e.target.value)}>
            <option value={SAMPLE}>
              {props.item === undefined
                ? "the sample payload and the outputs of tested steps"
                : "the first item of the list in the sample payload, and the outputs of tested steps"}
            </option>
            {props.recentRuns.map((run) => (
              <option key={run.id} value={run.id}>
                the data of the {run.label}
                {props.forEachId ? ", with its first failed item (else its first)" : ""}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          onClick={test}
          disabled={testing || !node.action}
          aria-describedby={`${id}-warning`}
        >
          {testing ? "Testing…" : "Test step"}
        </button>
      </div>
      <div aria-live="polite">{result ? <Result result={result} label={props.label} /> : null}</div>
    </section>
  );
}

function Result({ result, label }: { result: TestStepView; label: (id: string) => string }) {
  const missing = result.missingSteps.map(label);
  return (
    <div className="space-y-1" data-test-result={result.ok ? "ok" : "failed"}>
      {result.ok ? (
        <>
          <p className="notice ok" role="status">
            Test succeeded in {result.durationMs} ms. Later steps can now insert its output&apos;s
            fields.
          </p>
          <pre className="overflow-x-auto text-sm" data-test-output>
            {JSON.stringify(result.output, null, 2)}
          </pre>
        </>
      ) : (
        <p className="notice error" role="alert">
          {result.headline}. {result.detail}
        </p>
      )}
      {result.itemWords ? <p data-tested-item>{result.itemWords}</p> : null}
      {missing.length ? (
        <p className="field-warning">
          No output of {missing.join(", ")} in this data: their references were empty. Test those
          steps first, or test with a run.
        </p>
      ) : null}
    </div>
  );
}
