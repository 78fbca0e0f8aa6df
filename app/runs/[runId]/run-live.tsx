"use client";

import Link from "next/link";
import { useEffect, useState, useTransition } from "react";
import { BranchStrip } from "../../_components/branch-strip";
import type { RunPageView } from "../../_server/ui/run-page-view";
import {
  cancelRunAction,
  retryFailedPartAction,
  retryOnLatestVersionAction,
  type ControlResult,
} from "./actions";
import { GenerationHistory } from "./generation-history";
import { NodeCard } from "./node-card";
import { RunGraph } from "./run-graph";

const POLL_MS = 1000;

/**
 * The run page, kept current by short polling of /api/ui/runs/<id> while the run is
 * running: simpler than a push channel and enough for a page a person watches. The
 * poll asks for the same page of for-each items the address shows (`query`).
 */
export function RunLive({ initial, query }: { initial: RunPageView; query: string }) {
  const [view, setView] = useState(initial);
  const url = `/api/ui/runs/${initial.id}${query}`;
  const [notice, setNotice] = useState<ControlResult | null>(null);
  const [busy, startTransition] = useTransition();
  const running = view.status === "running";

  useEffect(() => {
    if (!running) return;
    let stopped = false;
    const timer = setInterval(async () => {
      const res = await fetch(url, { cache: "no-store" }).catch(() => null);
      if (!stopped && res?.ok) setView((await res.json()) as RunPageView);
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [running, url]);

  const control = (action: (id: string) => Promise<ControlResult>) =>
    startTransition(async () => {
      const result = await action(view.id);
      setNotice(result);
      const res = await fetch(url, { cache: "no-store" });
      if (res.ok) setView((await res.json()) as RunPageView);
    });

  // A for-each that partly succeeded has failed items to run again.
  const canRetry =
    !running &&
    view.nodes.some((n) => ["failed", "cancelled", "partially_succeeded"].includes(n.state));
  const newerVersion =
    view.latestVersionNumber !== null &&
    view.versionNumber !== null &&
    view.latestVersionNumber > view.versionNumber
      ? view.latestVersionNumber
      : null;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="mb-1">
            <Link href={`/automations/${view.automationId}`}>{view.automationName}</Link>
          </h1>
          <p className="text-sm">
            Run <code>{view.id}</code> · generation {view.generation} ·{" "}
            <strong data-run-status={view.status} className={`state-${view.status}`}>
              {view.statusWords}
            </strong>
            {running ? <span className="muted"> · updating live</span> : null}
          </p>
        </div>
        <div className="actions">
          <button
            type="button"
            className="button-primary"
            disabled={!canRetry || busy}
            onClick={() => control(retryFailedPartAction)}
          >
            Retry failed part
          </button>
          {newerVersion !== null ? (
            <button
              type="button"
              disabled={running || busy}
              onClick={() => control(retryOnLatestVersionAction)}
              title="Keeps the steps that are unchanged and succeeded; runs the rest on the newer version"
            >
              Retry on the latest version (version {newerVersion})
            </button>
          ) : null}
          <button
            type="button"
            className="button-danger"
            disabled={!running || busy}
            onClick={() => control(cancelRunAction)}
          >
            Cancel
          </button>
        </div>
      </div>
      {notice ? (
        <p className={`notice ${notice.ok ? "ok" : "error"}`} role={notice.ok ? "status" : "alert"}>
          {notice.message}
        </p>
      ) : null}
      <section aria-labelledby="branches-heading">
        <h2 id="branches-heading" className="mt-0">
          Branches
        </h2>
        <BranchStrip branches={view.branches} />
        <ul className="mt-2 grid gap-1 text-sm sm:grid-cols-2">
          {view.branches.map((b) => (
            <li key={b.rootNodeId} data-branch-row={b.rootNodeId} data-branch-status={b.status}>
              <span className={`font-medium state-${b.status}`}>{b.statusWords}</span> —{" "}
              {b.nodes.join(" → ")}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="run-graph-heading">
        <h2 id="run-graph-heading">Graph</h2>
        <RunGraph nodes={view.nodes} edges={view.edges} />
      </section>
      <GenerationHistory generations={view.generations} />
      <section aria-labelledby="nodes-heading">
        <h2 id="nodes-heading">Steps</h2>
        <ul className="space-y-3">
          {view.nodes.map((node) => (
            <NodeCard key={node.id} node={node} runId={view.id} items={view.items[node.id]} />
          ))}
        </ul>
      </section>
    </div>
  );
}
