// What people read (R15): steps, branches and outcomes by their display names and in
// words. Every person-facing surface (pages, emails, CLI text, notifications) takes its
// words from here; the API and JSON output keep the ids and enum spellings.
import { getAction } from "../connectors/registry";
import type { BranchStatus } from "./engine/branches";
import { allSteps } from "./engine/for-each";
import type { Graph, GraphNode, NodeState, RunStatus } from "./engine/types";

/** A step's display name by node id. */
export type StepNames = (nodeId: string) => string;

const KIND_TITLE: Record<GraphNode["type"], string> = {
  trigger: "Trigger",
  action: "Action",
  approval: "Approval",
  condition: "Condition",
  foreach: "For each",
};

/** What an unnamed node is called: its action's title ("HTTP request"), else its kind. */
function fallbackTitle(node: GraphNode): string {
  const found = node.action ? getAction(node.action) : undefined;
  return found?.action.displayName ?? KIND_TITLE[node.type];
}

/**
 * Names for the nodes of one graph: the name the user gave, else the action's title;
 * unnamed nodes that would share a title are numbered in graph order ("HTTP request 2"),
 * so a name always points at one step (for-each bodies included). Never the raw id alone.
 */
export function stepNames(graph: Pick<Graph, "nodes">): StepNames {
  const names = new Map<string, string>();
  const steps = allSteps(graph);
  const unnamed = steps.filter((n) => !n.name?.trim());
  const titles = new Map<string, number>();
  for (const node of unnamed) {
    const title = fallbackTitle(node);
    titles.set(title, (titles.get(title) ?? 0) + 1);
  }
  const seen = new Map<string, number>();
  for (const node of steps) {
    const given = node.name?.trim();
    if (given) {
      names.set(node.id, given);
      continue;
    }
    const title = fallbackTitle(node);
    const n = (seen.get(title) ?? 0) + 1;
    seen.set(title, n);
    names.set(node.id, (titles.get(title) ?? 0) > 1 ? `${title} ${n}` : title);
  }
  return (nodeId) => names.get(nodeId) ?? `Removed step (${nodeId})`;
}

const RUN_OUTCOME: Record<RunStatus, string> = {
  running: "running",
  succeeded: "succeeded",
  partially_succeeded: "partly succeeded",
  failed: "failed",
  cancelled: "cancelled",
};

/** A run's status in words ("partly succeeded"). */
export function runOutcomeWords(status: RunStatus | string): string {
  return RUN_OUTCOME[status as RunStatus] ?? status.replaceAll("_", " ");
}

const NODE_STATE: Record<NodeState, string> = {
  pending: "not started",
  queued: "queued",
  running: "running",
  retrying: "retrying",
  waiting_approval: "waiting for approval",
  waiting_connection: "waiting for its connection",
  waiting_rate_limit: "waiting for rate limit",
  succeeded: "succeeded",
  failed: "failed",
  skipped: "skipped",
  rejected: "rejected",
  cancelled: "cancelled",
  partially_succeeded: "partly succeeded",
};

/** A step's state in words ("waiting for approval"). */
export function nodeStateWords(state: NodeState | string): string {
  return NODE_STATE[state as NodeState] ?? state.replaceAll("_", " ");
}

const BRANCH_STATUS: Record<BranchStatus, string> = {
  running: "still running",
  failed: "failed",
  cancelled: "cancelled",
  rejected: "stopped by a rejection",
  skipped: "skipped",
  succeeded: "succeeded",
};

/** A branch's status in words. */
export function branchStatusWords(status: BranchStatus): string {
  return BRANCH_STATUS[status];
}

const ERROR_CLASS: Record<string, string> = {
  network: "network error",
  timeout: "timed out",
  http_5xx: "the service had an error",
  http_408: "the service timed out",
  http_429: "rate limited",
  http_4xx: "the service refused the request",
  input_validation: "invalid input",
  output_validation: "unexpected response",
  auth: "connection not accepted",
  worker_lost: "the worker stopped",
  cancelled: "cancelled",
  internal: "internal error",
};

/** Why an attempt failed, in words ("the service had an error (HTTP 503)"). */
export function errorWords(errorClass: string | null, httpStatus: number | null = null): string {
  const words = (errorClass && ERROR_CLASS[errorClass]) ?? "error";
  return httpStatus ? `${words} (HTTP ${httpStatus})` : words;
}

const DECISION: Record<string, string> = {
  pending: "waiting for a decision",
  approved: "approved",
  rejected: "rejected",
  expired: "expired",
};

/** An approval request's status in words. */
export function decisionWords(status: string): string {
  return DECISION[status] ?? status;
}

const CHANNEL: Record<string, string> = {
  email: "from the email link",
  inbox: "in the Approvals inbox",
  api: "through the API",
  expiry: "when it expired",
};

/** Where a decision was made, as the end of a sentence ("… from the email link"). */
export function channelWords(channel: string | null): string {
  return (channel && CHANNEL[channel]) ?? "";
}

/** "a", "a and b", "a, b and c". */
export function listWords(items: readonly string[], none = "nothing"): string {
  if (items.length === 0) return none;
  if (items.length === 1) return items[0]!;
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** The fields of an approval request a decision sentence reads. */
export interface DecisionFacts {
  status: string;
  decidedBy: string | null;
  decidedAt: Date | null;
  channel: string | null;
  comment: string | null;
}

/**
 * How a request was decided, as the end of a sentence: "approved by ann@example.com at …
 * from the email link, with the comment “ok”". `by` replaces the decider ("you").
 */
export function decisionSentence(r: DecisionFacts, by: string | null = r.decidedBy): string {
  const at = r.decidedAt?.toISOString() ?? "?";
  const how =
    r.channel === "expiry"
      ? `${decisionWords(r.status)} at ${at}, when nobody had decided in time`
      : [decisionWords(r.status), `by ${by ?? "?"}`, `at ${at}`, channelWords(r.channel)]
          .filter(Boolean)
          .join(" ");
  return r.comment ? `${how}, with the comment “${r.comment}”` : how;
}
