"use client";

import { useState, type ReactNode } from "react";
import { blastRadius } from "../../../worker/engine/blast-radius";
import type { Graph, GraphNode } from "../../../worker/engine/types";
import type { CatalogConnector } from "../../_server/ui/types";
import { BlastPicker } from "./blast-summary";
import { Canvas } from "./canvas";
import {
  addBelow,
  connect,
  removeSelected,
  toggleEdge,
  type CanvasSelection,
  type EditResult,
} from "./canvas-edits";
import { canvasProblems } from "./canvas-problems";
import { explainEdge } from "./edges-table";
import { kindInWords } from "./flow-elements";
import { newNode } from "./graph-edits";
import { Palette } from "./palette";
import type { PaletteEntry } from "./palette-search";

/**
 * The graph as the editor: the palette above, the canvas, and beside it the side panel
 * with the selected step's form (the same form the list below shows) or the selected
 * edge. Undo and redo cover every edit, the forms' included.
 */
export function CanvasEditor(props: {
  graph: Graph;
  catalog: CatalogConnector[];
  selection: CanvasSelection;
  onSelect: (selection: CanvasSelection) => void;
  onChange: (graph: Graph) => void;
  history: { undo: () => void; redo: () => void; canUndo: boolean; canRedo: boolean };
  /** The selected step's form. */
  renderStep: (node: GraphNode) => ReactNode;
}) {
  const { graph, selection, onSelect } = props;
  const [notice, setNotice] = useState<string | null>(null);
  const [hovered, setHovered] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const titles = new Map(
    props.catalog.flatMap((c) =>
      c.actions.map((a) => [a.key, `${c.displayName}: ${a.displayName}`]),
    ),
  );
  const kindOf = (n: GraphNode) => kindInWords(n, (key) => titles.get(key));
  // Its name, else what kind of step it is: never its id.
  const label = (id: string) => {
    const n = graph.nodes.find((x) => x.id === id);
    return n?.name?.trim() || (n ? kindOf(n) : "a removed step");
  };
  const blastOf = hovered ?? chosen;
  const radius = blastOf ? blastRadius(graph, blastOf) : null;
  const node = selection?.kind === "node" ? graph.nodes.find((n) => n.id === selection.id) : null;
  const edge =
    selection?.kind === "edge"
      ? graph.edges.find((e) => e.from === selection.from && e.to === selection.to)
      : null;
  const apply = (result: EditResult) => {
    if (!result.ok) return setNotice(result.reason);
    setNotice(null);
    props.onChange(result.graph);
  };
  const pick = (entry: PaletteEntry) => {
    const fresh = newNode(graph, entry.type);
    const step: GraphNode = {
      ...fresh,
      name: uniqueName(graph, entry.title),
      ...(entry.action ? { action: entry.action, connection: entry.connection, input: {} } : {}),
    };
    apply({ ok: true, graph: addBelow(graph, step, node?.id ?? null) });
    onSelect({ kind: "node", id: step.id });
  };
  const remove = () => {
    apply(removeSelected(graph, selection));
    if (selection?.kind !== "node" || node?.type !== "trigger") onSelect(null);
  };
  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_400px]" data-canvas-editor>
      <div className="min-w-0 space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <button type="button" onClick={props.history.undo} disabled={!props.history.canUndo}>
            Undo
          </button>
          <button type="button" onClick={props.history.redo} disabled={!props.history.canRedo}>
            Redo
          </button>
          <span className="muted text-sm">
            Drag from a step’s lower dot to another step to join them. Delete removes what is
            selected.
          </span>
        </div>
        <Canvas
          graph={graph}
          label={label}
          kindOf={kindOf}
          problems={canvasProblems(graph, label)}
          selection={selection}
          radius={radius}
          // The notice stays until the next edit: letting go of a refused edge also clicks
          // the canvas.
          onSelect={onSelect}
          onConnect={(from, to) => apply(connect(graph, from, to, label))}
          onToggle={(from, to) => apply({ ok: true, graph: toggleEdge(graph, from, to) })}
          onDelete={remove}
          onHover={setHovered}
        />
        <p role="status" className={notice ? "field-error" : "sr-only"} data-canvas-notice>
          {notice ?? ""}
        </p>
        <BlastPicker
          graph={graph}
          label={label}
          chosen={chosen}
          onChoose={setChosen}
          shown={blastOf}
          radius={radius}
          prompt="Hover over a step, or choose one, to see what its failure would affect."
        />
      </div>
      <aside className="space-y-3" aria-label="Side panel" data-side-panel>
        {node ? (
          <ol>{props.renderStep(node)}</ol>
        ) : edge ? (
          <div className="card space-y-2" data-edge-panel>
            <h3 className="font-semibold">
              {label(edge.from)} to {label(edge.to)}
            </h3>
            <p data-edge-explanation>{explainEdge(edge, label)}</p>
            <div className="actions">
              <button
                type="button"
                onClick={() => apply({ ok: true, graph: toggleEdge(graph, edge.from, edge.to) })}
              >
                Make it {edge.kind === "dependent" ? "independent" : "dependent"}
              </button>
              <button type="button" className="button-danger" onClick={remove}>
                Delete edge
              </button>
            </div>
          </div>
        ) : null}
        <div className="card">
          <Palette
            catalog={props.catalog}
            where={node ? `below ${label(node.id)}` : "below the trigger"}
            onPick={pick}
          />
        </div>
      </aside>
    </div>
  );
}

/** `title`, or `title 2`, `title 3`… when a step already has that name. */
function uniqueName(graph: Graph, title: string): string {
  const names = new Set(graph.nodes.map((n) => n.name));
  let name = title;
  for (let n = 2; names.has(name); n++) name = `${title} ${n}`;
  return name;
}
