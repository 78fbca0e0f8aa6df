"use client";

import { useEffect, useState } from "react";
import type { GraphNode } from "../../../worker/engine/types";
import { knownWorkerGroupsAction } from "../worker-group-actions";
import { Labeled } from "./labeled-input";
import type { Findings } from "./problems";

type KnownGroup = { group: string; live: boolean };
// One look-up per page, shared by every step's card.
let known: Promise<KnownGroup[]> | null = null;

/**
 * Where an action runs (its worker group; empty: the default group) and whether its
 * output stays there, with the summary fields the rest of the run may read
 * (docs/deploy.md, "Worker groups"). Groups whose workers are running are offered first.
 */
export function WorkerGroupFields(props: {
  node: GraphNode;
  findings: Findings;
  onChange: (node: GraphNode) => void;
}) {
  const { node, findings, onChange } = props;
  const [groups, setGroups] = useState<KnownGroup[]>([]);
  useEffect(() => {
    let live = true;
    known ??= knownWorkerGroupsAction().catch(() => []);
    void known.then((found) => live && setGroups(found));
    return () => {
      live = false;
    };
  }, []);
  const [summaryText, setSummaryText] = useState((node.summary ?? []).join(", "));
  const id = (field: string) => `${node.id}-${field}`;
  const set = (changes: Partial<GraphNode>) => {
    const next: GraphNode = { ...node, ...changes };
    for (const key of ["runsOn", "keep", "summary"] as const) {
      if (next[key] === undefined) delete next[key];
    }
    onChange(next);
  };
  return (
    <fieldset className="grid gap-3 md:grid-cols-3" data-worker-group-fields={node.id}>
      <legend className="text-sm font-semibold">Where it runs</legend>
      <Labeled
        id={id("runsOn")}
        label="Worker group"
        nodeId={node.id}
        field="runsOn"
        findings={findings}
        help="Empty: the default group. Name a group to run this step only on its workers, e.g. inside a customer's network."
      >
        <input
          id={id("runsOn")}
          type="text"
          list={id("runsOn-groups")}
          value={node.runsOn ?? ""}
          onChange={(e) => {
            const runsOn = e.target.value.trim() || undefined;
            set(runsOn ? { runsOn } : { runsOn, keep: undefined, summary: undefined });
          }}
        />
        <datalist id={id("runsOn-groups")}>
          {groups.map((g) => (
            <option key={g.group} value={g.group}>
              {g.live ? `${g.group} (workers running)` : `${g.group} (no worker running)`}
            </option>
          ))}
        </datalist>
      </Labeled>
      <Labeled
        id={id("keep")}
        label="Output"
        nodeId={node.id}
        field="keep"
        findings={findings}
        help="Kept in the group: stored encrypted with the group's key; other steps, pages and reports see only the summary fields."
      >
        <select
          id={id("keep")}
          value={node.keep ?? ""}
          disabled={!node.runsOn}
          onChange={(e) =>
            set(
              e.target.value === "group"
                ? { keep: "group", summary: node.summary ?? [] }
                : { keep: undefined, summary: undefined },
            )
          }
        >
          <option value="">Shared with the run</option>
          <option value="group">Kept in the group</option>
        </select>
      </Labeled>
      {node.keep === "group" ? (
        <Labeled
          id={id("summary")}
          label="Summary fields"
          nodeId={node.id}
          field="summary"
          findings={findings}
          help="Comma-separated fields of the output everyone may read, e.g. status, body.count."
        >
          <input
            id={id("summary")}
            type="text"
            value={summaryText}
            onChange={(e) => {
              setSummaryText(e.target.value);
              const fields = e.target.value
                .split(",")
                .map((f) => f.trim())
                .filter((f) => f !== "");
              set({ summary: fields });
            }}
          />
        </Labeled>
      ) : null}
    </fieldset>
  );
}
