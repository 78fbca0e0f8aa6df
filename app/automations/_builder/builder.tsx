"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { allSteps } from "../../../worker/engine/for-each";
import type { EdgeKind, Graph } from "../../../worker/engine/types";
import type { BuilderData, CatalogConnector } from "../../_server/ui/types";
import { saveAutomationAction } from "../actions";
import { AddStep, type AddableType } from "./add-step";
import type { GraphNode as BuilderNode } from "../../../worker/engine/types";
import { EdgesTable } from "./edges-table";
import { FieldMessages } from "./field-messages";
import { newNode, withNode, withoutNode } from "./graph-edits";
import { typingIn } from "./canvas";
import { CanvasEditor } from "./canvas-editor";
import type { CanvasSelection } from "./canvas-edits";
import { record, redo, startHistory, undo, type History } from "./edit-history";
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
  const [history, setHistory] = useState<History<Graph>>(() => startHistory(initial.graph));
  const [selection, setSelection] = useState<CanvasSelection>(null);
  const [sample, setSample] = useState<unknown>(initial.sample ?? {});
  const [tested, setTested] = useState<Record<string, unknown>>({});
  const [findings, setFindings] = useState<Findings>(NO_FINDINGS);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [saving, startSaving] = useTransition();
  const graph = history.present;
  const { nodes, edges } = graph;

  /** Every edit goes through here, so undo covers it; typing in one step's form is one edit. */
  const update = (next: Graph, group: string | null = null) =>
    setHistory((h) => record(h, next, group));
  const changeNode = (next: BuilderNode) =>
    update({ ...graph, nodes: nodes.map((n) => (n.id === next.id ? next : n)) }, `node:${next.id}`);
  const historyControls = {
    undo: () => setHistory(undo),
    redo: () => setHistory(redo),
    canUndo: history.past.length > 0,
    canRedo: history.future.length > 0,
  };
  // Anywhere on the page, as focus may be nowhere after a step was deleted. In a text field
  // the browser's own undo edits the text (and so the graph, as one edit).
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || !e.target || typingIn(e.target)) return;
      const key = e.key.toLowerCase();
      if (key === "z" && !e.shiftKey) setHistory(undo);
      else if (key === "y" || (key === "z" && e.shiftKey)) setHistory(redo);
      else return;
      e.preventDefault();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);
  const stepEditor = (node: BuilderNode) => (
    <StepEditor
      key={node.id}
      node={node}
      graph={graph}
      catalog={catalog}
      sample={sample}
      tested={tested}
      recentRuns={initial.recentRuns ?? []}
      findings={findings}
      onChange={changeNode}
      onTested={(id, output) => setTested((all) => ({ ...all, [id]: output }))}
      onRemove={() => {
        update(withoutNode(graph, node.id));
        setSelection(null);
      }}
    />
  );
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
        <p className="muted">
          Build on the graph, or step by step with the forms and the edges table below: both change
          the same automation.
        </p>
        <CanvasEditor
          graph={graph}
          catalog={catalog}
          selection={selection}
          onSelect={setSelection}
          onChange={(next) => update(next)}
          history={historyControls}
          renderStep={stepEditor}
        />
        <h3 id="step-forms-heading">Every step as a form</h3>
        <ol className="space-y-3" aria-labelledby="step-forms-heading">
          {nodes.map((node) =>
            selection?.kind === "node" && selection.id === node.id ? (
              <li key={node.id} className="card muted" data-step-in-panel={node.id}>
                {node.name ?? node.id} is open in the side panel beside the graph.{" "}
                <button type="button" onClick={() => setSelection(null)}>
                  Edit it here instead
                </button>
              </li>
            ) : (
              stepEditor(node)
            ),
          )}
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
          onChange={(next) => update({ ...graph, edges: next })}
          idPrefix="edge"
          field="edges"
          owns={() => true}
          empty="No edges yet: add steps, or join two steps below."
          legend="Join two steps"
        />
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
