"use client";

import { useMemo, useState } from "react";
import type { Graph, GraphNode } from "../../../worker/engine/types";
import { toneOf } from "../../../worker/reports/state-tone";
import { kindEdge, placedNode, useFlowLayout } from "../../automations/_builder/flow-elements";
import { FlowFrame } from "../../automations/_builder/flow-frame";
import type { RunView } from "../../_server/ui/run-view";

type RunNode = RunView["nodes"][number];

/**
 * The run on its automation's graph, each step coloured by its state; it follows the
 * page's polling, so it changes as the run goes. Clicking a step shows its attempts and,
 * for a skipped one, the failure that caused the skip.
 */
export function RunGraph({ nodes, edges }: { nodes: RunNode[]; edges: RunView["edges"] }) {
  const [chosen, setChosen] = useState<string | null>(null);
  const graph: Graph = {
    nodes: nodes.map((n): GraphNode => ({
      id: n.id,
      type: n.type as GraphNode["type"],
      name: n.label,
      action: n.action ?? undefined,
    })),
    edges,
  };
  const { positions, boxes, edges: graphEdges } = useFlowLayout(graph);
  const flowNodes = useMemo(
    () =>
      boxes.map((box) => {
        const node = nodes.find((n) => n.id === box.id);
        const state = node?.state ?? "pending";
        return placedNode(box, positions, {
          selected: box.id === chosen,
          state: { state, words: node?.stateWords ?? "waiting", tone: toneOf(state) },
        });
      }),
    [boxes, positions, nodes, chosen],
  );
  const flowEdges = useMemo(() => graphEdges.map((e) => kindEdge(e)), [graphEdges]);
  const node = nodes.find((n) => n.id === chosen);
  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_360px]">
      <div className="h-96 rounded-lg bg-white ring-1 ring-slate-200" data-run-graph>
        <FlowFrame
          nodes={flowNodes}
          edges={flowEdges}
          onNodeClick={(_, n) => setChosen(n.id === chosen ? null : n.id)}
          onPaneClick={() => setChosen(null)}
        />
      </div>
      <div aria-live="polite" data-run-node-details={node?.id ?? ""}>
        {node ? (
          <NodeDetails node={node} />
        ) : (
          <p className="muted text-sm">
            Click a step on the graph to see its attempts and why it ended as it did.
          </p>
        )}
      </div>
    </div>
  );
}

const ATTEMPT_WORDS: Record<string, string> = {
  succeeded: "succeeded",
  failed: "failed",
  cancelled: "cancelled",
  abandoned: "given up (its worker stopped)",
};

function NodeDetails({ node }: { node: RunNode }) {
  return (
    <div className="card space-y-2 text-sm">
      <h3 className="font-semibold">
        {node.label}: <span className={`state-${node.state}`}>{node.stateWords}</span>
      </h3>
      {node.explanation ? <p data-details-explanation>{node.explanation}</p> : null}
      {/* The explanation names the root cause of a skip; without one, it is said here. */}
      {!node.explanation && node.rootCause.length > 0 ? (
        <p data-details-root-cause>
          Skipped because of {node.rootCause.join(", ")}, which did not succeed.
        </p>
      ) : null}
      {node.attempts.length === 0 ? (
        <p className="muted">No attempts.</p>
      ) : (
        <ol className="space-y-1" data-details-attempts>
          {node.attempts.map((a) => (
            <li key={a.id}>
              Attempt {a.number}
              {a.generation > 1 ? ` (generation ${a.generation})` : ""}:{" "}
              {ATTEMPT_WORDS[a.outcome ?? ""] ?? "still running"}
              {a.errorWords ? ` — ${a.errorWords}${a.message ? `: ${a.message}` : ""}` : ""}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
