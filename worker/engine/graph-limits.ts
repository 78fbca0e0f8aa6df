// What one saved graph may ask of the server (docs/limits.md): its size, the length of
// what it stores, and how often its trigger may fire. Checked at save, before anything
// else is validated, so an oversized graph is refused quickly, whole and with nothing
// stored. Pages render, and runs start, within a few seconds at these limits
// (test/reliability/attack-limits.test.ts).
import { Cron } from "croner";
import { formatFieldPath } from "./field-path";
import { DEFAULT_POLL_INTERVAL_SECONDS } from "./trigger-schema";
import type { Graph, ValidationProblem } from "./types";

export const GRAPH_LIMITS = {
  nodes: 500,
  edges: 2_000,
  /** Any one string a node or edge holds (an input value, a key, a message), in characters. */
  stringLength: 65_536,
  /** People asked to decide one approval gate. */
  approvers: 50,
} as const;

/** Everything over a size limit; empty when the graph is within all of them. */
export function graphLimitProblems(graph: Graph): ValidationProblem[] {
  const counts: ValidationProblem[] = [];
  if (graph.nodes.length > GRAPH_LIMITS.nodes) {
    counts.push(overall("nodes", graph.nodes.length, GRAPH_LIMITS.nodes, "nodes"));
  }
  if (graph.edges.length > GRAPH_LIMITS.edges) {
    counts.push(overall("edges", graph.edges.length, GRAPH_LIMITS.edges, "edges"));
  }
  // Walking an oversized graph's strings would only add work to a refusal.
  if (counts.length > 0) return counts;
  const problems: ValidationProblem[] = [];
  graph.nodes.forEach((node) => {
    const problem = (field: string, message: string) =>
      problems.push({ nodeId: node.id, field, message });
    const approvers = node.approval?.approvers?.length ?? 0;
    if (approvers > GRAPH_LIMITS.approvers) {
      problem(
        "approval.approvers",
        `a gate may ask at most ${GRAPH_LIMITS.approvers} approvers; this one asks ${approvers}`,
      );
    }
    for (const { path, length } of longStrings(node)) {
      problem(formatFieldPath(path), tooLong(length));
    }
  });
  graph.edges.forEach((edge, i) => {
    for (const { length } of longStrings(edge)) {
      problems.push({ nodeId: null, field: `edges[${i}]`, message: tooLong(length) });
    }
  });
  return problems;
}

/**
 * A schedule or poll that would start runs more often than every `minSeconds` (the
 * server's SWITCHYARD_MIN_TRIGGER_INTERVAL_SECONDS; undefined: no floor). A cron or time zone that does not
 * parse is left to validate-trigger, which names what is wrong with it.
 */
export function triggerIntervalProblems(
  graph: Graph,
  minSeconds: number | undefined,
): ValidationProblem[] {
  const trigger = graph.nodes.find((node) => node.type === "trigger");
  const config = trigger?.trigger;
  if (!trigger || !config || !minSeconds) return [];
  const problem = (field: string, seconds: number): ValidationProblem[] => [
    {
      nodeId: trigger.id,
      field,
      message: `starts a run as often as every ${inWords(seconds)}; this server allows at most one every ${inWords(minSeconds)}`,
    },
  ];
  if (config.kind === "schedule" && config.schedule) {
    const gap = shortestCronGap(config.schedule.cron, config.schedule.timezone);
    if (gap !== null && gap < minSeconds) return problem("trigger.schedule.cron", gap);
  }
  if (config.kind === "poll" && config.poll) {
    const interval = config.poll.intervalSeconds ?? DEFAULT_POLL_INTERVAL_SECONDS;
    if (interval < minSeconds) return problem("trigger.poll.intervalSeconds", interval);
  }
  return [];
}

/** Ticks sampled: the shortest gap of any pattern shows within its first few ticks. */
const SAMPLED_TICKS = 100;
// A fixed start keeps validation pure (no clock) and its answer the same every time.
const SAMPLE_FROM = new Date(Date.UTC(2001, 0, 1));

/** The shortest time between two ticks of a cron, in seconds; null if it does not parse or ticks at most once. */
export function shortestCronGap(cron: string, timezone: string): number | null {
  let ticks: Date[];
  try {
    ticks = new Cron(cron, { timezone, paused: true }).nextRuns(SAMPLED_TICKS, SAMPLE_FROM);
  } catch {
    return null;
  }
  let shortest: number | null = null;
  for (let i = 1; i < ticks.length; i++) {
    const gap = (ticks[i]!.getTime() - ticks[i - 1]!.getTime()) / 1000;
    if (shortest === null || gap < shortest) shortest = gap;
  }
  return shortest;
}

function overall(field: string, count: number, limit: number, what: string): ValidationProblem {
  return {
    nodeId: null,
    field,
    message: `a graph may have at most ${limit} ${what}; this one has ${count}`,
  };
}

function tooLong(length: number): string {
  return `a text may have at most ${GRAPH_LIMITS.stringLength} characters; this one has ${length}`;
}

function inWords(seconds: number): string {
  if (seconds === 1) return "second";
  if (seconds % 60 === 0) return seconds === 60 ? "minute" : `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

interface Visit {
  value: unknown;
  key: PropertyKey | null;
  parent: Visit | null;
}

/**
 * Strings (keys included) over the length limit, with their paths. A loop over an
 * explicit stack, not recursion, and each entry points at its parent instead of copying
 * its path: however deeply a value nests, this neither overflows nor slows down.
 */
function longStrings(root: object): { path: PropertyKey[]; length: number }[] {
  const found: { path: PropertyKey[]; length: number }[] = [];
  const hit = (at: Visit, length: number) => found.push({ path: pathOf(at), length });
  const stack: Visit[] = [{ value: root, key: null, parent: null }];
  while (stack.length > 0) {
    const at = stack.pop()!;
    const { value } = at;
    if (typeof value === "string") {
      if (value.length > GRAPH_LIMITS.stringLength) hit(at, value.length);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ value: item, key: i, parent: at }));
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        if (key.length > GRAPH_LIMITS.stringLength) hit(at, key.length);
        stack.push({ value: item, key, parent: at });
      }
    }
  }
  return found;
}

function pathOf(at: Visit): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (let v: Visit | null = at; v !== null && v.key !== null; v = v.parent) path.unshift(v.key);
  return path;
}
