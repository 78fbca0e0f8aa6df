// The run's graph as an email can show it: no script, no SVG, no image to fetch, only
// rows a mail client renders. Each step is one row, indented below the step it follows
// (the first of them in the graph's order); a join says which other steps it also
// follows, and every row says how it is joined, so the picture keeps what the canvas shows.
import type { Topology } from "../engine/index";
import type { EdgeKind, RunState } from "../engine/types";
import { listWords, nodeStateWords, stepNames } from "../names";
import { toneOf, type PictureTone } from "./state-tone";

export interface PictureRow {
  nodeId: string;
  name: string;
  /** 0 for the trigger, one more per step above it in the tree. */
  depth: number;
  stateWords: string;
  tone: PictureTone;
  /** The step it is drawn below, by name, and how it is joined to it; null for the trigger. */
  after: string | null;
  via: EdgeKind | null;
  /** A join: the other steps it follows, by name. */
  alsoAfter: string[];
}

export function runPicture(topo: Topology, state: RunState): PictureRow[] {
  const name = stepNames(topo.graph);
  const place = new Map(topo.order.map((id, i) => [id, i]));
  const first = (ids: string[]) =>
    [...ids].sort((a, b) => (place.get(a) ?? 0) - (place.get(b) ?? 0))[0];
  const drawnBelow = (id: string) => first((topo.parents.get(id) ?? []).map((e) => e.from));
  const rows: PictureRow[] = [];
  // Depth-first without recursion: a 500-step chain is 500 levels deep.
  const stack: { id: string; depth: number; via: EdgeKind | null }[] = topo.triggerId
    ? [{ id: topo.triggerId, depth: 0, via: null }]
    : [];
  while (stack.length > 0) {
    const { id, depth, via } = stack.pop()!;
    const parent = drawnBelow(id);
    const s = state[id]?.state ?? "pending";
    rows.push({
      nodeId: id,
      name: name(id),
      depth,
      stateWords: nodeStateWords(s),
      tone: toneOf(s),
      after: parent === undefined ? null : name(parent),
      via,
      alsoAfter: (topo.parents.get(id) ?? [])
        .filter((e) => e.from !== parent)
        .map((e) => name(e.from)),
    });
    const below = (topo.children.get(id) ?? [])
      .filter((e) => drawnBelow(e.to) === id)
      .sort((a, b) => (place.get(b.to) ?? 0) - (place.get(a.to) ?? 0));
    for (const edge of below) stack.push({ id: edge.to, depth: depth + 1, via: edge.kind });
  }
  return rows;
}

/** "after Create ticket, only if it succeeded": how a row is joined, in words. */
export function joinWords(row: PictureRow): string {
  if (row.after === null) return "starts the run";
  const how = row.via === "dependent" ? "only if it succeeded" : "whatever happened";
  const others = row.alsoAfter.length ? `; also after ${listWords(row.alsoAfter)}` : "";
  return `after ${row.after}, ${how}${others}`;
}

/** The picture as indented lines, for the plain-text version of an email. */
export function pictureLines(rows: PictureRow[]): string[] {
  return rows.map((r) => `${"  ".repeat(r.depth + 1)}${r.name}: ${r.stateWords} (${joinWords(r)})`);
}
