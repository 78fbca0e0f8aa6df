"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { allSteps } from "../../../worker/engine/for-each";
import type { EdgeKind, GraphEdge } from "../../../worker/engine/types";
import type { BuilderData, CatalogConnector } from "../../_server/ui/types";
import { saveAutomationAction } from "../actions";
import { AddStep, type AddableType } from "./add-step";
import type { GraphNode as BuilderNode } from "../../../worker/engine/types";
import { EdgesTable } from "./edges-table";
import { FieldMessages } from "./field-messages";
import { newNode, withNode, withoutNode } from "./graph-edits";
import { GraphView } from "./graph-view";
import { ProblemList } from "./problem-list";
import { findingsFor, NO_FINDINGS, nodeRelative, type Findings } from "./problems";
import { SamplePayload } from "./sample-payload";
import { StepEditor } from "./step-editor";

/** The automation builder: every part of the graph in plain forms, saved as a new version. */
export function Builder({
  initial,
  catalog,
}: {
  initial: BuilderData;
  catalog: CatalogConnector[];
}) {
  const router = useRouter();
  const [name, setName] = useState(initial.name);
  const [nodes, setNodes] = useState<BuilderNode[]>(initial.graph.nodes);
  const [edges, setEdges] = useState<GraphEdge[]>(initial.graph.edges);
  const [sample, setSample] = useState<unknown>(initial.sample ?? {});
  const [tested, setTested] = useState<Record<string, unknown>>({});
  const [findings, setFindings] = useState<Findings>(NO_FINDINGS);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [saving, startSaving] = useTransition();
  const graph = { nodes, edges };

  const update = (next: { nodes: BuilderNode[]; edges: GraphEdge[] }) => {
    setNodes(next.nodes);
    setEdges(next.edges);
  };
  const addNode = (type: AddableType, after: string, kind: EdgeKind) =>
    update(withNode(graph, newNode(graph, type), after, kind));

  const save = () =>
    startSaving(async () => {
      const result = await saveAutomationAction({
        automationId: initial.automationId,
        name,
        graph,
        sample,
      });
      setFindings(
        nodeRelative(
          { problems: result.ok ? [] : result.problems, warnings: result.warnings },
          graph,
        ),
      );
      if (!result.ok) return setNotice({ ok: false, text: result.message });
      setNotice({ ok: true, text: `Saved as version ${result.versionNumber}.` });
      if (!initial.automationId)
        router.replace(`/automations/${result.automationId}/edit?saved=${result.versionNumber}`);
      else router.refresh();
    });

  const nameFindings = findingsFor(findings, null, "name");
  const graphLevel = findings.problems.filter(
    (p) => p.nodeId === null && !p.field.startsWith("edges") && p.field !== "name",
  );
  return (
    <form
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <div className="card space-y-1">
        <label htmlFor="automation-name">Automation name</label>
        <input
          id="automation-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-describedby="automation-name-messages"
        />
        <FieldMessages
          id="automation-name-messages"
          errors={nameFindings.errors}
          warnings={nameFindings.warnings}
        />
      </div>
      <SamplePayload initial={initial.sample} onChange={setSample} />
      <section aria-labelledby="steps-heading" className="space-y-3">
        <h2 id="steps-heading">Steps</h2>
        <ol className="space-y-3">
          {nodes.map((node) => (
            <StepEditor
              key={node.id}
              node={node}
              graph={graph}
              catalog={catalog}
              sample={sample}
              tested={tested}
              recentRuns={initial.recentRuns ?? []}
              findings={findings}
              onChange={(next) => setNodes(nodes.map((n) => (n.id === node.id ? next : n)))}
              onTested={(id, output) => setTested((all) => ({ ...all, [id]: output }))}
              onRemove={() => update(withoutNode(graph, node.id))}
            />
          ))}
        </ol>
        <AddStep
          idPrefix="add"
          legend="Add a step"
          afterLabel="After"
          kindLabel="Joined by"
          parents={nodes.map((n) => ({ id: n.id, label: n.name ?? n.id }))}
          types={["action", "approval", "condition", "foreach"]}
          onAdd={addNode}
        />
      </section>
      <section id="edges-section" aria-labelledby="edges-heading" className="space-y-3">
        <h2 id="edges-heading">Edges</h2>
        <EdgesTable
          nodes={nodes}
          edges={edges}
          findings={findings}
          onChange={setEdges}
          idPrefix="edge"
          field="edges"
          owns={() => true}
          empty="No edges yet: add steps, or join two steps below."
          legend="Join two steps"
        />
      </section>
      <section aria-labelledby="graph-heading" className="space-y-3">
        <h2 id="graph-heading">Graph</h2>
        <GraphView graph={graph} />
      </section>
      <div className="sticky bottom-0 -mx-4 space-y-2 border-t border-slate-200 bg-slate-50/95 px-4 py-3">
        {graphLevel.length ? (
          <FieldMessages id="graph-messages" errors={graphLevel} warnings={[]} />
        ) : null}
        {notice ? (
          <p
            className={`notice ${notice.ok ? "ok" : "error"}`}
            role={notice.ok ? "status" : "alert"}
          >
            {notice.text}
          </p>
        ) : null}
        {notice && !notice.ok && findings.problems.length ? (
          <ProblemList
            problems={findings.problems}
            label={(id) => allSteps(graph).find((n) => n.id === id)?.name ?? id}
          />
        ) : null}
        <button type="submit" className="button-primary" disabled={saving}>
          {saving ? "Saving…" : "Save new version"}
        </button>
      </div>
    </form>
  );
}
