// The pure engine: graph state in, decisions out. No database, queue, clock or
// randomness in here; the worker shell supplies those.
export type * from "./types.js";
export { graphSchema, parseGraph, NODE_ID_PATTERN, MAX_TIMEOUT_MS } from "./graph-schema.js";
export type { ParseGraphResult } from "./graph-schema.js";
export { buildTopology, childIds, ancestorsOf, guaranteedSucceededAncestors } from "./topology.js";
export type { Topology } from "./topology.js";
export {
  containsTemplate,
  findReferences,
  findTemplateErrors,
  resolveTemplates,
} from "./templates.js";
export type { TemplateRef, TemplateData } from "./templates.js";
export { evaluateCondition } from "./conditions.js";
export { validateGraph } from "./validate.js";
export type { ActionCatalog, ValidateOptions, ValidationResult } from "./validate.js";
export { decideReady, applyDecisions } from "./decide.js";
export type { Decision } from "./decide.js";
export { isTerminal, runOutcome, failedOrBlockedByFailure } from "./outcome.js";
export { planReplay, applyReplay } from "./replay.js";
export type { ReplayOptions } from "./replay.js";
export { planCancel } from "./cancel.js";
export { DEFAULT_RETRY_POLICY, resolveRetryPolicy, decideRetry } from "./retry.js";
export type { AttemptError, RetryDecision } from "./retry.js";
export { summarizeBranches } from "./branches.js";
export type { BranchIncident, BranchStatus, BranchSummary } from "./branches.js";
