// The graph and run-state vocabulary shared by the pure engine and its shells.
// Rules referenced as R1..R13 are in docs/semantics.md.

export type NodeType = "trigger" | "action" | "approval" | "condition" | "foreach";
export type EdgeKind = "dependent" | "independent";

export interface RetryPolicy {
  /** Total attempts including the first (R7 default 3). */
  maxAttempts: number;
  /** Delay before the 2nd attempt; doubles each time (R7 default ~2 s). */
  initialDelayMs: number;
  /** Cap for any single delay, including a Retry-After the provider asked for. */
  maxDelayMs: number;
}

export type ConditionOperator =
  | "equals"
  | "not_equals"
  | "contains"
  | "greater_than"
  | "less_than"
  | "exists"
  | "not_exists"
  | "truthy";

export interface ConditionSpec {
  /** A value or a `{{ }}` template, resolved before comparison. */
  left: unknown;
  operator: ConditionOperator;
  right?: unknown;
}

export interface GraphNode {
  id: string;
  type: NodeType;
  name?: string;
  /** action nodes: "<connector>.<action>", e.g. "http.request" */
  action?: string;
  /** action nodes whose connector needs an account: a connection id */
  connection?: string;
  /** action nodes: input, where strings may hold `{{ }}` templates */
  input?: Record<string, unknown>;
  retry?: Partial<RetryPolicy>;
  /** action nodes: per-attempt timeout */
  timeoutMs?: number;
  /** action nodes: the worker group that runs the step; absent = the default group */
  runsOn?: string;
  /**
   * action nodes with `runsOn`: "group" keeps the full output inside that group (stored
   * encrypted under the group's key); the rest of the run sees only `summary`'s fields.
   */
  keep?: "group";
  /** With `keep: "group"`: the output's fields everyone may see, as dot paths ("body.count"). */
  summary?: string[];
  /** condition nodes */
  condition?: ConditionSpec;
  /** the trigger node: what starts a run; absent = manual (docs/triggers.md) */
  trigger?: TriggerConfig;
  /** approval nodes (R9): who may decide, and what expiry means */
  approval?: ApprovalSpec;
  /** for-each nodes: the list, and the steps run once per item */
  forEach?: ForEachSpec;
}

/** Default number of items of one for-each node running at once. */
export const DEFAULT_FOR_EACH_CONCURRENCY = 10;
export const MAX_FOR_EACH_CONCURRENCY = 100;
/** The longest list one for-each goes through in a run. */
export const MAX_FOR_EACH_ITEMS = 10_000;

// A type alias (not an interface) so editors can treat it as a plain record.
export type ForEachSpec = {
  /** A template resolving to an array: the trigger payload or an ancestor's output. */
  items: string;
  /** Items running at once (default 10). */
  concurrency?: number;
  /**
   * Let dependent children run when some items failed, with the items that succeeded.
   * Default false: a dependent child runs only when every item succeeded.
   */
  continueWithSucceeded?: boolean;
  /**
   * The steps run once per item (action and condition nodes), with their own edges.
   * Steps without a parent in the body start when the item starts. Their ids are unique
   * across the whole graph; templates inside read `{{ item }}` besides the trigger,
   * the for-each node's ancestors and earlier steps of the same item.
   */
  body: { nodes: GraphNode[]; edges: GraphEdge[] };
};

// A type alias (not an interface) so editors can treat it as a plain record.
export type ApprovalSpec = {
  /** Emails of the people asked; each gets a single-use link. Absent: the run's owner. */
  approvers?: string[];
  message?: string;
  /** Default 72. */
  expiresInHours?: number;
  /** Default "reject". */
  onExpiry?: "reject" | "approve";
  /** The run's owner may not approve their own request. */
  requesterMayNotApprove?: boolean;
};

export type TriggerKind = "manual" | "webhook" | "schedule" | "poll";
/** How a run was started, as recorded on the run. */
export type RunTriggerKind = TriggerKind | "api" | "cli";

export interface WebhookTriggerConfig {
  /** Absent: any caller holding the secret URL may post. */
  signature?: {
    scheme: "standard-webhooks" | "github";
    /**
     * Fallback for deployments that keep secrets in the environment: the variable holding
     * it (SWITCHYARD_WEBHOOK_SECRET_<NAME>). The automation's own secret, set on its page
     * or through the API, wins when both exist.
     */
    secretEnv?: string;
  };
}

export interface ScheduleTriggerConfig {
  /** 5 fields, or 6 with seconds first (croner syntax). */
  cron: string;
  /** IANA time zone the cron fields are read in, e.g. "Europe/Berlin". */
  timezone: string;
}

export interface PollTriggerConfig {
  /** "<connector>.<trigger>", e.g. "github.new_issue". */
  source: string;
  connection?: string;
  input?: Record<string, unknown>;
  /** Seconds between polls (default 300). */
  intervalSeconds?: number;
}

export interface TriggerConfig {
  kind: TriggerKind;
  webhook?: WebhookTriggerConfig;
  schedule?: ScheduleTriggerConfig;
  poll?: PollTriggerConfig;
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export type TerminalState =
  | "succeeded"
  | "failed"
  | "skipped"
  | "rejected"
  | "cancelled"
  /** for-each nodes only: some items succeeded, some did not */
  | "partially_succeeded";
export type WaitingState = "waiting_approval" | "waiting_connection" | "waiting_rate_limit";
export type NodeState =
  "pending" | "queued" | "running" | "retrying" | WaitingState | TerminalState;

export type SkipReason = "dependency_not_succeeded" | "condition_false";

export type RunStatus = "running" | "succeeded" | "partially_succeeded" | "failed" | "cancelled";

export type ErrorClass =
  | "network"
  | "timeout"
  | "http_5xx"
  | "http_408"
  | "http_429"
  | "http_4xx"
  | "input_validation"
  | "output_validation"
  | "auth"
  | "worker_lost"
  | "cancelled"
  | "internal";

/** What the engine needs to know about one node of one run. */
export interface NodeStatus {
  state: NodeState;
  reason?: SkipReason | null;
  /** Parents reached by a dependent edge that did not succeed (R2). */
  blockedBy?: string[];
  /** Nodes whose failure/rejection/false condition started a skip chain (R2). */
  rootCause?: string[];
  output?: unknown;
}

export type RunState = Record<string, NodeStatus>;

export interface ValidationProblem {
  nodeId: string | null;
  field: string;
  message: string;
}
